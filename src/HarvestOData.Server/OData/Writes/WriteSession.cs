using HarvestOData.Harvest.Client;
using HarvestOData.Server.Auth;

namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// Who writes and through what: the caller as Harvest described them, and a Harvest client acting with the caller's
/// OWN token (Harvest enforces its permissions on every write). The token lives only in memory for the request.
/// </summary>
public sealed class WriteSession(Caller caller, IHarvestClient client, string serviceRoot)
{
    public Caller Caller { get; } = caller;

    public IHarvestClient Client { get; } = client;

    public string AccountId => Client.Credential.AccountId;

    /// <summary>Absolute service root ending in <c>/</c> (<c>http://host/odata/</c>).</summary>
    public string ServiceRoot { get; } = serviceRoot;

    public override string ToString() => $"user {Caller.UserId} ({Caller.Role})";
}
