using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using HarvestOData.Harvest;
using HarvestOData.Harvest.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Auth;

/// <summary>
/// The server's one authentication. A Harvest personal access token, as <c>Authorization: Bearer &lt;token&gt;</c> or
/// Basic with the token as password and any user name (<see cref="CredentialReader"/>), confirmed with Harvest's
/// <c>users/me</c> through <see cref="CallerDirectory"/> (cached by hash, in the rate gate's bounded token-check share).
/// Success: the caller's user id, primary role (the role claim) and access roles as claims, and the
/// <see cref="HarvestCaller"/> feature for code that acts as the caller. Refusals are failures the challenge writes
/// (<see cref="RefusalWriter"/>): a token in the query string 400, no or a refused token 401, an address whose tokens
/// keep being refused 429 (<see cref="FailedAuthentications"/>, checked before Harvest is asked), Harvest unreachable
/// 503. Forbid (a role the policy does not admit) is 403.
/// </summary>
public sealed class HarvestAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CallerDirectory callers,
    FailedAuthentications failures,
    IOptions<HarvestOptions> harvest)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Retry-After when Harvest's own answer named none.</summary>
    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (CredentialReader.RefusedQueryParameter(Request) is { } parameter)
            return AuthenticateResult.Fail(new AuthenticationRefusedException(RefusalReason.TokenInQuery, detail: parameter));
        string? token = CredentialReader.Token(Request);
        if (token is null)
            return AuthenticateResult.NoResult();
        string account = harvest.Value.AccountId is { Length: > 0 } configured ? configured : Request.Headers["Harvest-Account-Id"].ToString();
        if (string.IsNullOrWhiteSpace(account))
            return AuthenticateResult.Fail(new AuthenticationRefusedException(RefusalReason.NoAccount));

        var address = Context.Connection.RemoteIpAddress;
        // A confirmed token is never held back, so users sharing an address with a flooding client keep working.
        bool confirmed = callers.IsConfirmed(account, token);
        if (!confirmed && failures.RetryAfter(address, token) is { } wait)
            return AuthenticateResult.Fail(new AuthenticationRefusedException(RefusalReason.TooManyFailures, wait));
        Caller? caller;
        try
        {
            using (confirmed ? null : failures.Checking(address, token))
                caller = await callers.FindAsync(account, token, Context.RequestAborted).ConfigureAwait(false);
        }
        catch (HarvestUnavailableException e)
        {
            return AuthenticateResult.Fail(new AuthenticationRefusedException(RefusalReason.Unavailable, e.RetryAfter ?? UnavailableRetry));
        }
        if (caller is null)
        {
            failures.Failed(address);
            return AuthenticateResult.Fail(new AuthenticationRefusedException(RefusalReason.Refused));
        }
        Context.Features.Set(new HarvestCaller(caller, new HarvestCredential(account, token)));
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(caller), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        await RefusalWriter.WriteAsync(Context, result.Failure as AuthenticationRefusedException ?? new AuthenticationRefusedException(RefusalReason.NoToken)).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        RefusalWriter.WriteAsync(Context, new AuthenticationRefusedException(RefusalReason.NotAdministrator, detail: Context.GetCaller()?.Role));

    /// <summary>The user id as name, the primary role as the role claim (<c>[Authorize(Roles = "administrator")]</c>), every access role.</summary>
    public static ClaimsPrincipal Principal(Caller caller)
    {
        var identity = new ClaimsIdentity(HarvestAuthentication.Scheme, ClaimTypes.NameIdentifier, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Role, caller.Role));
        foreach (string role in caller.AccessRoles.Order(StringComparer.Ordinal))
            identity.AddClaim(new Claim(HarvestAuthentication.AccessRoleClaim, role));
        return new ClaimsPrincipal(identity);
    }
}
