using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Store;
using Microsoft.AspNetCore.WebUtilities;

namespace HarvestOData.Sandbox.Protocol;

/// <summary>
/// Harvest's authentication: a bearer token (or <c>access_token</c> in the query) of an active user, plus the
/// account id in <c>Harvest-Account-Id</c> (or <c>account_id</c>). Anything missing or wrong is a 401 with the OAuth
/// error body; the token itself never appears in a message.
/// </summary>
internal sealed class Authenticator(SandboxStore store, string accountId, IReadOnlyDictionary<string, long> tokens)
{
    private const string Invalid = "The access token provided is expired, revoked, malformed or invalid for other reasons.";

    public Caller Authenticate(SandboxCall call)
    {
        var query = QueryHelpers.ParseQuery(call.Query);
        string? token = call.Header("Authorization") is { } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : query.TryGetValue("access_token", out var queryToken) ? queryToken.ToString() : null;
        string? account = call.Header("Harvest-Account-Id") ?? (query.TryGetValue("account_id", out var queryAccount) ? queryAccount.ToString() : null);
        if (token is null || !tokens.TryGetValue(token, out long userId) || !string.Equals(account?.Trim(), accountId, StringComparison.Ordinal))
            throw new SandboxProblem(401, Invalid);
        return store.Read(() =>
        {
            var users = store["users"];
            int row = users.Find(userId);
            if (row < 0 || !users.Column<BoolColumn>("is_active")[row])
                throw new SandboxProblem(401, Invalid);
            string name = $"{users.Column<StringColumn>("first_name")[row]} {users.Column<StringColumn>("last_name")[row]}";
            var roles = (users.Column<ListColumn>("access_roles")[row] ?? []).ToHashSet(StringComparer.Ordinal);
            return new Caller(userId, name, users.Column<StringColumn>("email")[row] ?? "", roles);
        });
    }
}
