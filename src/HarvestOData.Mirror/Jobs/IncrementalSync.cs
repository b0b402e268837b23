using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;

namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// The recurring incremental pass of one resource. When a parent's rows changed, the per-parent lists it queued
/// (an invoice's messages and payments) are read right after, instead of at their own next tick; their leases
/// keep this from ever doubling up with their own jobs. Notes when the next tick is due, so <c>status</c> run from
/// another process can say it too.
/// </summary>
public sealed class IncrementalSync(SyncPass pass, IWorkProgress progress, MirrorDatabase database, SyncSchedule schedule, TimeProvider time)
    : IScheduledWork<ResourceSync>
{
    public async Task RunAsync(ResourceSync input, CancellationToken cancellationToken)
    {
        var result = await pass.RunAsync(input.Resource, progress, cancellationToken);
        if (result.Succeeded && result.Changed > 0)
        {
            foreach (var child in EntityCatalog.ListedPer(EntityCatalog.Get(input.Resource)))
                await pass.RunAsync(child.Name, progress, cancellationToken);
        }
        await database.WriteAsync((c, t) => SyncStateStore.UpdateAsync(c, t, input.Resource, cancellationToken,
            SyncStateColumns.NextRunAt.Set(schedule.NextSyncAfter(time.GetUtcNow()))), cancellationToken);
        if (result.Outcome == PassOutcome.Failed)
            throw new SyncFailedException(result);
    }
}
