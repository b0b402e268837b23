using System.Collections.Concurrent;

namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// The single-node <see cref="IResourceMutex"/>: one semaphore per resource in this process. Nothing outlives the
/// process, so a killed server leaves no lock behind to block the next one.
/// </summary>
public sealed class ProcessResourceMutex : IResourceMutex
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _resources = new(StringComparer.Ordinal);

    public Task<IAsyncDisposable?> TryEnterAsync(string resource, CancellationToken cancellationToken)
    {
        var semaphore = _resources.GetOrAdd(resource, _ => new SemaphoreSlim(1, 1));
        return Task.FromResult<IAsyncDisposable?>(semaphore.Wait(0, cancellationToken) ? new Held(semaphore) : null);
    }

    private sealed class Held(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
