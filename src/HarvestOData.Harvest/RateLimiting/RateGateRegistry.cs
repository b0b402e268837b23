using System.Collections.Concurrent;

namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// One <see cref="RateGate"/> per Harvest account for the whole process: Harvest throttles the account, so the sync
/// jobs and every OData caller's own token share the account's gate.
/// </summary>
/// <remarks>With an <see cref="IRateGateStoreFactory"/> (several nodes), each gate keeps its account's state in the shared store.</remarks>
public sealed class RateGateRegistry(RateLimitOptions options, TimeProvider timeProvider, IRateGateObserver? observer = null,
    IRateGateStoreFactory? stores = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RateGate>> _gates = new(StringComparer.Ordinal);

    public RateLimitOptions Options { get; } = options;

    public RateGate For(string accountId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        return _gates.GetOrAdd(accountId.Trim(), _ => new Lazy<RateGate>(() => new RateGate(Options, timeProvider, observer, accountId.Trim(),
            stores?.For(accountId.Trim(), Options)))).Value;
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values.Where(g => g.IsValueCreated))
            gate.Value.Dispose();
    }
}
