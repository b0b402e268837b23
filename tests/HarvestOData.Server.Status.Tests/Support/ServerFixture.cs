namespace HarvestOData.Server.Status.Tests.Support;

/// <summary>
/// The server most tests look at: a sandbox of 12,000 time entries (six pages, so a pass has a progress bar worth
/// watching) mirrored by the real jobs, shared by every class of the collection. Tests that change it restore what they
/// slow down and leave the mirror equal to the sandbox, and change only rows no other class asserts on: the status page
/// browser tests rewrite time_entries' values (other classes assert only their count, which stays) and delete a few
/// expenses (no other class looks at expenses); every other class only reads, and reads counts live, never from a
/// snapshot taken earlier.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public StatusServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // One page at a time, so a held-back pass commits its pages one by one and the bar moves in steps.
        Server = new StatusServer(StatusServer.NewSandbox(timeEntries: 12_000), new Dictionary<string, string?> { ["Sync:ParallelPages"] = "1" });
        await Server.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        Server.Sandbox.BeforeRequest = null;
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerFixtureCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = ServerCollection.Name;
}
