using HarvestOData.Mirror.Sync;

namespace HarvestOData.Mirror.Jobs;

/// <summary>The recurring deletion check of one resource.</summary>
public sealed class ReconcileSync(ReconcilePass pass, IWorkProgress progress) : IScheduledWork<ResourceSync>
{
    public async Task RunAsync(ResourceSync input, CancellationToken cancellationToken)
    {
        var result = await pass.RunAsync(input.Resource, progress, cancellationToken);
        if (result.Outcome == PassOutcome.Failed)
            throw new SyncFailedException(result);
    }
}
