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

    /// <summary>A call granted by the gate's shared store.</summary>
    internal RateGateLease(RateGate gate, long sharedCall)
    {
        _gate = gate;
        SharedCall = sharedCall;
    }

    /// <summary>The call's entry in the general budget: how the gate recognises its probe and trial calls (in-process state).</summary>
    internal SlidingLog.Entry? General { get; }

    /// <summary>The call's id in the shared store (shared state).</summary>
    internal long? SharedCall { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (SharedCall is { } call)
            _gate.ReleaseShared(call);
        else
            _gate.Release(General!, _extra);
    }
}
