namespace HarvestOData.Harvest;

/// <summary>
/// Capped exponential backoff with jitter for transient failures (5xx, timeouts, dropped connections, malformed
/// answers); configuration section <c>Harvest:Retry</c>. Throttle answers are not counted here: they wait for
/// <c>Retry-After</c> in the rate gate.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in all, the first included. Default 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry. Default 1 s; each further retry doubles it.</summary>
    public double BaseDelaySeconds { get; set; } = 1;

    /// <summary>No delay is longer. Default 60 s.</summary>
    public double MaxDelaySeconds { get; set; } = 60;

    /// <summary>Each delay is scaled by a random factor in 1 ± this. Default 0.2.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>Throttle answers in a row after which a call gives up. Default 20.</summary>
    public int MaxThrottles { get; set; } = 20;

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based); <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan DelayBefore(int retry, double random)
    {
        double exponential = BaseDelaySeconds * Math.Pow(2, Math.Min(retry - 1, 30));
        double jittered = exponential * (1 + Jitter * (2 * random - 1));
        return TimeSpan.FromSeconds(Math.Clamp(jittered, 0, MaxDelaySeconds));
    }

    public IEnumerable<string> Validate(string prefix = "Harvest:Retry")
    {
        if (MaxAttempts is < 1 or > 50)
            yield return $"{prefix}:MaxAttempts must be between 1 and 50 (got {MaxAttempts}).";
        if (!(BaseDelaySeconds is >= 0 and <= 3600))
            yield return $"{prefix}:BaseDelaySeconds must be between 0 and 3600 (got {BaseDelaySeconds}).";
        if (!(MaxDelaySeconds is >= 0 and <= 86400) || MaxDelaySeconds < BaseDelaySeconds)
            yield return $"{prefix}:MaxDelaySeconds must be between {prefix}:BaseDelaySeconds and 86400 (got {MaxDelaySeconds}).";
        if (!(Jitter is >= 0 and < 1))
            yield return $"{prefix}:Jitter must be at least 0 and below 1 (got {Jitter}).";
        if (MaxThrottles is < 1 or > 1000)
            yield return $"{prefix}:MaxThrottles must be between 1 and 1000 (got {MaxThrottles}).";
    }
}
