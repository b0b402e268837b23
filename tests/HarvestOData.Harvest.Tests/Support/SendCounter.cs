using HarvestOData.Harvest.RateLimiting;

namespace HarvestOData.Harvest.Tests.Support;

/// <summary>Counts the calls the gate let through and the throttle answers it was told of.</summary>
public sealed class SendCounter : IRateGateObserver
{
    private int _sends;
    private int _throttles;
    private int _afterFirstBlockDone;

    public int Sends => Volatile.Read(ref _sends);

    public int Throttles => Volatile.Read(ref _throttles);

    /// <summary>Runs at the first call let through after the first throttle answer: the probe after the first block.</summary>
    public Action? AfterFirstBlock { get; set; }

    public void OnSend(string accountId, DateTimeOffset at)
    {
        Interlocked.Increment(ref _sends);
        if (Throttles > 0 && Interlocked.Exchange(ref _afterFirstBlockDone, 1) == 0)
            AfterFirstBlock?.Invoke();
    }

    public void OnThrottle(string accountId, DateTimeOffset at, TimeSpan retryAfter) => Interlocked.Increment(ref _throttles);
}
