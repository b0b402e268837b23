using System.Globalization;
using HarvestOData.Harvest;
using HarvestOData.Server.Auth;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Status;

/// <summary>
/// The status page, its actions and Hangfire's dashboard are for Harvest administrators: the same authentication as <c>/odata</c> (Basic
/// with the token as password, or Bearer; checked with Harvest's <c>users/me</c> through <see cref="CallerDirectory"/>),
/// then the administrator role. A browser without credentials gets 401 with a Basic challenge so it prompts; a
/// non-administrator gets 403. Refusals are HTML for the page and JSON for the API.
/// </summary>
public sealed class AdminGate(CallerDirectory callers, IOptions<HarvestOptions> harvest)
{
    public const string Realm = "HarvestOData";

    /// <summary>The administrator calling, or null after the refusal has been written.</summary>
    public async Task<Caller?> AuthorizeAsync(HttpContext http, bool html, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (CredentialReader.RefusedQueryParameter(request) is { } refused)
        {
            await RefuseAsync(http, html, StatusCodes.Status400BadRequest, "Token in the URL",
                $"Tokens are not accepted in the URL ('{refused}' would end up in logs and browser history). Sign in with Basic (your token as password) or send Authorization: Bearer <token>.");
            return null;
        }
        // A token is printable ASCII without spaces; anything else is not a credential (and must not reach a header).
        string? token = CredentialReader.Token(request) is { } given && given.All(c => c is > ' ' and < '\u007f') ? given : null;
        string? account = harvest.Value.AccountId is { Length: > 0 } configured ? configured : request.Headers["Harvest-Account-Id"].ToString();
        Caller? caller = null;
        if (token is not null && !string.IsNullOrWhiteSpace(account))
        {
            try
            {
                caller = await callers.FindAsync(account, token, cancellationToken);
            }
            catch (HarvestUnavailableException e)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling((e.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await RefuseAsync(http, html, StatusCodes.Status503ServiceUnavailable, "Harvest unavailable",
                    "Harvest could not confirm your token right now; try again shortly.");
                return null;
            }
        }
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
            await RefuseAsync(http, html, StatusCodes.Status401Unauthorized, "Sign in with your Harvest token",
                token is null
                    ? "This page is for Harvest administrators: sign in with any user name and your Harvest personal access token as the password."
                    : "Harvest did not accept this token.");
            return null;
        }
        if (!caller.IsAdministrator)
        {
            await RefuseAsync(http, html, StatusCodes.Status403Forbidden, "Administrators only",
                $"The status page and the job dashboard are for Harvest administrators; this token belongs to a {caller.Role}. The OData feed itself works with your token.");
            return null;
        }
        return caller;
    }

    private static async Task RefuseAsync(HttpContext http, bool html, int status, string title, string message)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.CacheControl = "no-store";
        if (html)
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(StatusPage.Refusal(title, message), http.RequestAborted);
        }
        else
        {
            await http.Response.WriteAsJsonAsync(new { error = title, message }, http.RequestAborted);
        }
    }
}
