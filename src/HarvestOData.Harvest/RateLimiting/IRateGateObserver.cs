namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// Watches a Harvest account's <see cref="RateGate"/> (for the status page's throttle chart). Register one in DI and
/// <see cref="RateGateRegistry"/> hands it to every gate. Called while the gate holds its lock: return at once.
/// </summary>
public interface IRateGateObserver
{
    /// <summary>The gate let a call through to Harvest at <paramref name="at"/>.</summary>
    void OnSend(string accountId, DateTimeOffset at);

    /// <summary>Harvest answered 429/503 at <paramref name="at"/>; the gate holds every call for <paramref name="retryAfter"/>.</summary>
    void OnThrottle(string accountId, DateTimeOffset at, TimeSpan retryAfter);
}
