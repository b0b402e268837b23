using System.Diagnostics;
using HarvestOData.Mirror.Jobs;
using HarvestOData.Mirror.Jobs.Postgres;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>
/// The pass mutex of several nodes: a session advisory lock per resource. Two mutex instances on one database are two
/// nodes; killing a holder's connection from the server side is what a node killed mid-pass looks like to PostgreSQL.
/// </summary>
public sealed class PostgresResourceMutexTests
{
    private readonly string _database = PostgresCluster.Shared.CreateDatabase("pass_mutex");
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_resource_held_by_one_node_cannot_be_taken_by_another_while_other_resources_stay_free()
    {
        var first = new PostgresResourceMutex(_database, _clock);
        var second = new PostgresResourceMutex(_database, _clock);

        await using var held = await first.TryEnterAsync("time_entries", default);
        Assert.NotNull(held);
        Assert.Null(await second.TryEnterAsync("time_entries", default));
        Assert.Null(await first.TryEnterAsync("time_entries", default)); // a second pass on the same node is refused too
        await using var other = await second.TryEnterAsync("projects", default);
        Assert.NotNull(other);
    }

    [Fact]
    public async Task A_released_resource_is_free_for_the_other_node()
    {
        var first = new PostgresResourceMutex(_database, _clock);
        var second = new PostgresResourceMutex(_database, _clock);
        var held = await first.TryEnterAsync("clients", default);
        Assert.NotNull(held);

        await held.DisposeAsync();

        await using var taken = await second.TryEnterAsync("clients", default);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task When_the_holders_session_dies_the_other_node_takes_the_resource_at_once_and_the_holder_learns_it_lost_it()
    {
        var first = new PostgresResourceMutex(_database, _clock);
        var second = new PostgresResourceMutex(_database, _clock);
        var held = await first.TryEnterAsync("invoices", default);
        Assert.NotNull(held);
        Assert.Null(await second.TryEnterAsync("invoices", default));

        // The node dies without releasing anything: the server ends its session (kill -9 of the node does the same).
        string database = _database.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        string killed = PostgresCluster.Shared.Psql(database,
            "SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_database d ON d.oid = l.database " +
            "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()"); // other tests' databases share the cluster
        Assert.Equal("1", killed);

        // No expiry to wait for: as soon as the session is gone, the lock is (the server needs a moment to end it).
        IAsyncDisposable? taken = null;
        var guard = Stopwatch.StartNew();
        while ((taken = await second.TryEnterAsync("invoices", default)) is null)
        {
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(30), "the dead session's lock was never freed");
            await Task.Delay(20);
        }
        await using (taken)
        {
            // The old holder's next check finds its connection gone and stops its pass instead of running beside the new one.
            var lease = Assert.IsAssignableFrom<IResourceLease>(held);
            guard.Restart();
            while (!lease.Lost.IsCancellationRequested)
            {
                Assert.True(guard.Elapsed < TimeSpan.FromSeconds(30), "the holder never noticed it lost the lock");
                _clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(20);
            }
            await held.DisposeAsync(); // releasing a lost lock is harmless and frees nothing of the new holder's
            Assert.Null(await first.TryEnterAsync("invoices", default));
        }
    }
}
