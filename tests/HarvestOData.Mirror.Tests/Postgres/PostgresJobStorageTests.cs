using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.Server;
using HarvestOData.Mirror.Jobs;
using HarvestOData.Mirror.Jobs.Hangfire;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>
/// Hangfire on PostgreSQL as two nodes use it: two job servers, each with its own storage instance (its own
/// connections, as two processes), on one database, both declaring the same recurring job at start.
/// </summary>
public sealed class PostgresJobStorageTests
{
    private static readonly ConcurrentDictionary<string, ConcurrentBag<(long Tick, string Server)>> Runs = new();

    [Fact]
    public async Task A_recurring_job_declared_by_two_servers_on_one_database_runs_once_per_tick()
    {
        string database = PostgresCluster.Shared.CreateDatabase("jobs_two_nodes");
        string key = Guid.NewGuid().ToString("N");
        var runs = Runs.GetOrAdd(key, _ => []);
        var schedule = SyncSchedule.From(new SyncOptions { Interval = TimeSpan.FromSeconds(1), ReconcileInterval = TimeSpan.FromSeconds(1) });
        var servers = new List<BackgroundJobServer>();
        try
        {
            foreach (string node in new[] { "node-a", "node-b" })
            {
                var storage = MirrorJobStorage.Create(MirrorJobStorage.Postgres, database, schedule);
                new RecurringJobManager(storage).AddOrUpdate("tick", MirrorScheduler.Queue, () => TickJob.Record(key, null!), "* * * * * *",
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                servers.Add(new BackgroundJobServer(new BackgroundJobServerOptions
                {
                    ServerName = $"{node}:{key}",
                    WorkerCount = 2,
                    Queues = [MirrorScheduler.Queue],
                    SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
                    ShutdownTimeout = TimeSpan.FromSeconds(5),
                }, storage));
            }

            var guard = Stopwatch.StartNew();
            while (runs.Select(r => r.Tick).Distinct().Count() < 5)
            {
                Assert.True(guard.Elapsed < TimeSpan.FromSeconds(90), $"only {runs.Count} runs of the recurring job");
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var server in servers)
                server.SendStop();
            foreach (var server in servers)
                server.Dispose();
        }

        Assert.DoesNotContain(runs, r => r.Tick == 0); // every run knows its tick
        var perTick = runs.GroupBy(r => r.Tick).ToList();
        Assert.All(perTick, tick => Assert.True(tick.Count() == 1,
            $"tick {tick.Key} ran {tick.Count()} times, on {string.Join(", ", tick.Select(r => r.Server))}"));
    }

    /// <summary>The job: notes which tick (Hangfire's scheduled time of the recurring job) ran, and on which server.</summary>
    public static class TickJob
    {
        public static void Record(string key, PerformContext context) =>
            Runs[key].Add((context.GetJobParameter<long>("Time"), context.ServerId));
    }
}
