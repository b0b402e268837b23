using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests.Sync;

/// <summary>The lease between runners that share nothing but the database: each race for a resource has exactly one winner.</summary>
public sealed class LeaseRaceTests
{
    [Theory, BothProviders]
    public async Task Runners_racing_on_their_own_connections_each_resource_goes_to_exactly_one(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        // On PostgreSQL distinct connection strings give each runner its own pool and no shared in-process write gate:
        // only the database decides, as between two nodes.
        var leases = Enumerable.Range(0, 4).Select(i => new SyncLease(
            new MirrorDatabase(Options.Create(new MirrorOptions
            {
                Provider = provider,
                ConnectionString = provider == MirrorDialect.PostgresProvider ? store.Options.ConnectionString + $";Application Name=runner-{i}" : store.Options.ConnectionString,
            })),
            TimeProvider.System, Options.Create(new SyncOptions()))).ToList();
        var resources = Enumerable.Range(0, 12).Select(i => $"resource-{i}").ToList();
        try
        {
            var wins = await Task.WhenAll(resources.SelectMany(resource =>
                leases.Select(async (lease, runner) => (resource, runner, won: await lease.TryAcquireAsync(resource, $"runner-{runner}", default)))));

            foreach (string resource in resources)
                Assert.Single(wins, w => w.resource == resource && w.won);
            var owners = await store.QueryAsync("SELECT resource, lease_owner FROM sync_state");
            Assert.Equal(resources.Order(), owners.Select(r => (string)r[0]!).Order());
            foreach (var row in owners)
                Assert.Equal($"runner-{wins.Single(w => w.resource == (string)row[0]! && w.won).runner}", (string)row[1]!);
        }
        finally
        {
            // On PostgreSQL each winner keeps a liveness session open until its lease ends.
            foreach (var lease in leases)
                await lease.DisposeAsync();
        }
    }
}
