namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// A held <see cref="IResourceMutex"/> that can be lost while its pass runs: a database lock dies with its connection,
/// and from then on another node may start the same resource. The pass stops when <see cref="Lost"/> fires.
/// </summary>
public interface IResourceLease : IAsyncDisposable
{
    CancellationToken Lost { get; }
}
