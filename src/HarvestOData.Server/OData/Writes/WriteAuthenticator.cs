using HarvestOData.Harvest;
using HarvestOData.Harvest.Client;
using HarvestOData.Server.Auth;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// The caller of a write, as the read endpoint authenticates them (Bearer or Basic with the token as password, checked
/// once with Harvest's <c>users/me</c> and cached by a hash), and a Harvest client acting with that caller's own token.
/// </summary>
public sealed class WriteAuthenticator(CallerDirectory callers, IHarvestClientFactory clients, IOptions<HarvestOptions> harvest)
{
    /// <summary>The session, or the refusal to send (401, 400 for a token in the URL, 503 when Harvest cannot confirm).</summary>
    public async Task<(WriteSession? Session, WriteResponse? Refusal)> AuthenticateAsync(HttpContext http, string serviceRoot, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (CredentialReader.RefusedQueryParameter(request) is { } refused)
        {
            return (null, ErrorResponse.Create(400, "TokenInQuery",
                $"Tokens are not accepted in the URL ('{refused}' ends up in logs and browser history); send Authorization: Bearer <token> or Basic with the token as password."));
        }
        string? token = CredentialReader.Token(request);
        string? account = harvest.Value.AccountId is { Length: > 0 } configured ? configured : request.Headers["Harvest-Account-Id"].ToString();
        if (token is not null && !string.IsNullOrWhiteSpace(account))
        {
            try
            {
                if (await callers.FindAsync(account, token, cancellationToken).ConfigureAwait(false) is { } caller)
                    return (new WriteSession(caller, clients.Create(new HarvestCredential(account, token)), serviceRoot), null);
            }
            catch (HarvestUnavailableException e)
            {
                var unavailable = ErrorResponse.Create(503, "HarvestUnavailable", "Harvest could not confirm your token right now; try again shortly.");
                unavailable.Headers["Retry-After"] = WriteResponse.Seconds(e.RetryAfter ?? TimeSpan.FromSeconds(5));
                return (null, unavailable);
            }
        }
        string message = token is null
            ? "Send your Harvest personal access token: Authorization: Bearer <token>, or Basic with the token as password."
            : string.IsNullOrWhiteSpace(account) ? "Send the Harvest-Account-Id header with your token." : "Harvest did not accept this token.";
        var refusal = ErrorResponse.Create(401, "Unauthorized", message);
        refusal.Headers["WWW-Authenticate"] = "Basic realm=\"HarvestOData\"";
        return (null, refusal);
    }
}
