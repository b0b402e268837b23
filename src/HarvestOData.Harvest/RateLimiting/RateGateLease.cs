namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// Permission to make one call. Dispose it when Harvest's answer is in (or the call failed): that moment
/// becomes the call's time in the sliding window.
/// </summary>
public sealed class RateGateLease : IDisposable
{
    private readonly RateGate _gate;
    private readonly SlidingLog.Entry? _extra;
    private int _disposed;

    internal RateGateLease(RateGate gate, SlidingLog.Entry general, SlidingLog.Entry? extra)
    {
        _gate = gate;
        General = general;
        _extra = extra;
    }

    /// <summary>The call's entry in the general budget: how the gate recognises its probe and trial calls.</summary>
    internal SlidingLog.Entry General { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _gate.Release(General, _extra);
    }
}
