using HarvestOData.Server.Auth;
using Microsoft.AspNetCore.Authentication;

// In ASP.NET Core's own namespace, as HttpContext extensions customarily are (AuthenticateAsync, GetEndpoint).
namespace Microsoft.AspNetCore.Http;

/// <summary>The caller of a request, as the <see cref="HarvestAuthentication.Scheme"/> scheme established them.</summary>
public static class CallerHttpContextExtensions
{
    /// <summary>The authenticated caller, or null when this request has not been (or could not be) authenticated.</summary>
    public static Caller? GetCaller(this HttpContext http) => http.Features.Get<HarvestCaller>()?.Caller;

    /// <summary>The authenticated caller with their credential, or null.</summary>
    public static HarvestCaller? GetHarvestCaller(this HttpContext http) => http.Features.Get<HarvestCaller>();

    /// <summary>
    /// The caller, authenticating now if the authorization middleware has not (a handler reached without an endpoint
    /// policy); null after the refusal has been written by the scheme's challenge (400, 401, 429 or 503). The handler
    /// runs once per request however often this is called.
    /// </summary>
    public static async Task<HarvestCaller?> RequireCallerAsync(this HttpContext http)
    {
        if (http.GetHarvestCaller() is { } known)
            return known;
        await http.AuthenticateAsync(HarvestAuthentication.Scheme).ConfigureAwait(false);
        if (http.GetHarvestCaller() is { } caller)
            return caller;
        await http.ChallengeAsync(HarvestAuthentication.Scheme).ConfigureAwait(false);
        return null;
    }
}
