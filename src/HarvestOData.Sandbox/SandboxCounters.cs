namespace HarvestOData.Sandbox;

/// <summary>What the sandbox has seen; tests and benchmarks prove the throttle bars with these.</summary>
public sealed class SandboxCounters
{
    private long _calls;
    private long _callsOverLimit;
    private long _callsWhileThrottled;
    private long _throttledAnswers;
    private long _serverErrors;

    /// <summary>Every request received, whatever its answer.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Calls that would have been the (limit+1)-th in the window.</summary>
    public long CallsOverLimit => Interlocked.Read(ref _callsOverLimit);

    /// <summary>Calls made while the account was blocked (each restarted the block).</summary>
    public long CallsWhileThrottled => Interlocked.Read(ref _callsWhileThrottled);

    /// <summary>429/503 answers sent (over the limit plus while throttled).</summary>
    public long ThrottledAnswers => Interlocked.Read(ref _throttledAnswers);

    /// <summary>5xx answers other than throttling (injected faults and unexpected failures).</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public void Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _callsOverLimit, 0);
        Interlocked.Exchange(ref _callsWhileThrottled, 0);
        Interlocked.Exchange(ref _throttledAnswers, 0);
        Interlocked.Exchange(ref _serverErrors, 0);
    }

    public override string ToString() =>
        $"calls {Calls}, over limit {CallsOverLimit}, while throttled {CallsWhileThrottled}, throttled answers {ThrottledAnswers}, server errors {ServerErrors}";

    internal long CountCall() => Interlocked.Increment(ref _calls);

    internal void CountOverLimit()
    {
        Interlocked.Increment(ref _callsOverLimit);
        Interlocked.Increment(ref _throttledAnswers);
    }

    internal void CountWhileThrottled()
    {
        Interlocked.Increment(ref _callsWhileThrottled);
        Interlocked.Increment(ref _throttledAnswers);
    }

    internal void CountServerError() => Interlocked.Increment(ref _serverErrors);

    internal void CountInjectedThrottle() => Interlocked.Increment(ref _throttledAnswers);
}
