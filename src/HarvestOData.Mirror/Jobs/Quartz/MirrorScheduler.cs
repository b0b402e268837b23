using HarvestOData.Harvest.Catalog;
using Quartz;

namespace HarvestOData.Mirror.Jobs.Quartz;

/// <summary>"Sync now" for the status page: fires a resource's (or every resource's) job at once, outside its schedule.</summary>
public sealed class MirrorScheduler(ISchedulerFactory schedulers)
{
    public Task SyncNowAsync(string? resource = null, CancellationToken cancellationToken = default) =>
        TriggerAsync(resource, QuartzRegistration.SyncJob, cancellationToken);

    public Task ReconcileNowAsync(string? resource = null, CancellationToken cancellationToken = default) =>
        TriggerAsync(resource, QuartzRegistration.ReconcileJob, cancellationToken);

    private async Task TriggerAsync(string? resource, Func<string, JobKey> key, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var names = resource is null ? EntityCatalog.Fetched.Select(r => r.Name) : [EntityCatalog.Get(resource).Name];
        foreach (string name in names)
            await scheduler.TriggerJob(key(name), cancellationToken);
    }
}
