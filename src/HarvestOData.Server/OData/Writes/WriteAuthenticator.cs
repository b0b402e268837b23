using HarvestOData.Harvest.Client;
using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// The caller of a write as the server's one authentication established them (<c>Auth/HarvestAuthenticationHandler</c>),
/// and a Harvest client acting with that caller's own token, so Harvest enforces its own permissions too.
/// </summary>
public sealed class WriteAuthenticator(IHarvestClientFactory clients)
{
    /// <summary>The session, or null once the authentication's refusal has been written (400, 401, 429 or 503).</summary>
    public async Task<WriteSession?> AuthenticateAsync(HttpContext http, string serviceRoot) =>
        await http.RequireCallerAsync().ConfigureAwait(false) is { } caller
            ? new WriteSession(caller.Caller, clients.Create(caller.Credential), serviceRoot)
            : null;
}
