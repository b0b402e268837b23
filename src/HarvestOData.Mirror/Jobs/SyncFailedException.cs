using HarvestOData.Mirror.Sync;

namespace HarvestOData.Mirror.Jobs;

/// <summary>Thrown by a job whose pass failed, so the engine's retry policy (backoff) takes over.</summary>
public sealed class SyncFailedException(PassResult result)
    : Exception($"{result.Kind} pass of {result.Resource} failed: {result.Error}")
{
    public PassResult Result { get; } = result;
}
