using HarvestOData.Mirror.Sync;

namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// Thrown by a job whose pass failed, so the job engine records it as failed (red in the dashboard, with this message).
/// It is not retried: HTTP-level retries live in the Harvest client, and the next tick tries again.
/// </summary>
public sealed class SyncFailedException(PassResult result)
    : Exception($"{result.Kind} pass of {result.Resource} failed: {result.Error}")
{
    public PassResult Result { get; } = result;
}
