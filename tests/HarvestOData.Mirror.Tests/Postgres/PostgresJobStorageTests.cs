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
/// <remarks>
/// Each server gets its own <see cref="JobActivator"/> too, as a process of its own would. Without one, Hangfire takes the
/// process-wide <see cref="JobActivator.Current"/>, which every host built with <c>AddHangfire</c> in this test process (the
/// job hosts of other tests) points at its own service provider: once that host is disposed, every job of these servers
/// fails in <c>BeginScope</c> with <see cref="ObjectDisposedException"/> and waits for a retry, and no tick ever runs.
/// </remarks>
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
        var storages = new List<JobStorage>();
        try
        {
            foreach (string node in new[] { "node-a", "node-b" })
            {
                var storage = MirrorJobStorage.Create(MirrorJobStorage.Postgres, database, schedule);
                storages.Add(storage);
                new RecurringJobManager(storage).AddOrUpdate("tick", MirrorScheduler.Queue, () => TickJob.Record(key, null!), "* * * * * *",
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                servers.Add(new BackgroundJobServer(new BackgroundJobServerOptions
                {
                    ServerName = $"{node}:{key}",
                    Activator = new JobActivator(),
                    WorkerCount = 2,
                    Queues = [MirrorScheduler.Queue],
                    SchedulePollingInterval = TimeSpan.FromMilliseconds(200),
                    ShutdownTimeout = TimeSpan.FromSeconds(5),
                }, storage));
            }

            var guard = Stopwatch.StartNew();
            while (runs.Select(r => r.Tick).Distinct().Count() < 5)
            {
                if (guard.Elapsed > TimeSpan.FromSeconds(90))
                    Assert.Fail($"only {runs.Count} runs of the recurring job in 90 s; {Describe(storages[0])}");
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

    /// <summary>What the shared storage knows, for a failure message: servers, and why the jobs that did not succeed did not.</summary>
    private static string Describe(JobStorage storage)
    {
        var monitoring = storage.GetMonitoringApi();
        var errors = monitoring.ScheduledJobs(0, 5).Select(j => j.Key).Concat(monitoring.FailedJobs(0, 5).Select(j => j.Key))
            .Select(id => monitoring.JobDetails(id)?.History.FirstOrDefault(h => h.StateName == "Failed"))
            .Where(failed => failed is not null)
            .Select(failed => $"{failed!.Data["ExceptionType"]}: {failed.Data["ExceptionMessage"]}")
            .Distinct();
        return $"{monitoring.Servers().Count} servers, {monitoring.SucceededListCount()} succeeded, {monitoring.ScheduledCount()} waiting to retry, "
            + $"{monitoring.FailedCount()} failed; errors: [{string.Join("; ", errors)}]";
    }

    /// <summary>The job: notes which tick (Hangfire's scheduled time of the recurring job) ran, and on which server.</summary>
    public static class TickJob
    {
        public static void Record(string key, PerformContext context) =>
            Runs[key].Add((context.GetJobParameter<long>("Time"), context.ServerId));
    }
}
