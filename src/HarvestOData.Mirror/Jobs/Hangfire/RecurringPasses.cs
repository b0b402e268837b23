using global::Hangfire;
using global::Hangfire.Storage;
using HarvestOData.Harvest.Catalog;
using Microsoft.Extensions.Hosting;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>
/// Declares the recurring jobs at every start (a storage in memory starts empty, and a changed interval must take
/// effect), removes those of resources the catalog no longer has, and starts every resource's incremental pass at
/// once instead of at its first tick, which can be an interval away.
/// </summary>
internal sealed class RecurringPasses(IRecurringJobManagerV2 recurring, JobStorage storage, SyncSchedule schedule) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed };
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (string resource in EntityCatalog.Fetched.Select(r => r.Name))
        {
            recurring.AddOrUpdate<ResourceJobs>(MirrorScheduler.SyncJobId(resource), MirrorScheduler.Queue,
                jobs => jobs.Sync(resource, CancellationToken.None), schedule.SyncCron, options);
            recurring.AddOrUpdate<ResourceJobs>(MirrorScheduler.ReconcileJobId(resource), MirrorScheduler.Queue,
                jobs => jobs.Reconcile(resource, CancellationToken.None), schedule.ReconcileCron, options);
            declared.Add(MirrorScheduler.SyncJobId(resource));
            declared.Add(MirrorScheduler.ReconcileJobId(resource));
        }
        using (var connection = storage.GetConnection())
        {
            foreach (var stale in connection.GetRecurringJobs().Where(j => IsMirrorJob(j.Id) && !declared.Contains(j.Id)))
                recurring.RemoveIfExists(stale.Id);
        }
        foreach (string resource in EntityCatalog.Fetched.Select(r => r.Name))
            recurring.TriggerJob(MirrorScheduler.SyncJobId(resource));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsMirrorJob(string id) =>
        id.StartsWith("sync:", StringComparison.Ordinal) || id.StartsWith("reconcile:", StringComparison.Ordinal);
}
