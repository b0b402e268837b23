namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// Permission to make one call. Dispose it when Harvest's answer is in (or the call failed): that moment
/// becomes the call's time in the sliding window.
/// </summary>
public sealed class RateGateLease : IDisposable
{
    private readonly RateGate _gate;
    private readonly SlidingLog.Entry _general;
    private readonly SlidingLog.Entry? _reports;
    private int _disposed;

    internal RateGateLease(RateGate gate, SlidingLog.Entry general, SlidingLog.Entry? reports)
    {
        _gate = gate;
        _general = general;
        _reports = reports;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _gate.Release(_general, _reports);
    }
}
