using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>
/// The lease between nodes on one PostgreSQL database: a node that dies (kill -9, a lost machine) leaves its resources
/// to the others as soon as PostgreSQL notices its sessions are gone, not when the lease expires; a live node keeps them.
/// </summary>
public sealed class PostgresLeaseTests
{
    [Fact]
    public async Task A_lease_whose_node_died_is_taken_over_long_before_it_expires_and_a_live_nodes_lease_is_not()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        string connectionString = PostgresCluster.Shared.CreateDatabase("lease_nodes");
        var options = Options.Create(new SyncOptions { LeaseDuration = TimeSpan.FromHours(1) });
        SyncLease Node(string name)
        {
            var database = new MirrorDatabase(Options.Create(new MirrorOptions
            {
                Provider = MirrorDialect.PostgresProvider,
                ConnectionString = connectionString + $";Application Name={name}",
            }));
            return new SyncLease(database, time, options);
        }
        await new MirrorSchema(new MirrorDatabase(Options.Create(new MirrorOptions { Provider = MirrorDialect.PostgresProvider, ConnectionString = connectionString })))
            .EnsureCreatedAsync();
        var a = Node("node-a");
        var b = Node("node-b");

        Assert.True(await a.TryAcquireAsync("projects", "node-a/pass", default));
        Assert.True(await a.TryAcquireAsync("clients", "node-a/other-pass", default));
        Assert.False(await b.TryAcquireAsync("projects", "node-b/pass", default));

        // What kill -9 of node A looks like to PostgreSQL: its sessions end.
        PostgresCluster.Shared.Psql(new NpgsqlConnectionStringBuilder(connectionString).Database!,
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'node-a' AND datname = current_database()");

        // Still 59 minutes before the lease expires: node B takes both resources now.
        Assert.True(await b.TryAcquireAsync("projects", "node-b/pass", default));
        Assert.True(await b.TryAcquireAsync("clients", "node-b/pass-2", default));
        // And a live node's lease holds against a third node.
        Assert.False(await Node("node-c").TryAcquireAsync("projects", "node-c/pass", default));
    }
}
