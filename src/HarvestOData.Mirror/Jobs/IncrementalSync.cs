using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// The recurring incremental pass of one resource. When a parent's rows changed, the per-parent lists it queued
/// (an invoice's messages and payments) are read right after, instead of at their own next firing; their leases
/// keep this from ever doubling up with their own jobs. Notes when the next pass is due for the status page.
/// </summary>
public sealed class IncrementalSync(SyncPass pass, IWorkProgress progress, MirrorDatabase database, IOptions<SyncOptions> options, TimeProvider time)
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
            ("next_run_at", time.GetUtcNow() + options.Value.Interval)), cancellationToken);
        if (result.Outcome == PassOutcome.Failed)
            throw new SyncFailedException(result);
    }
}
