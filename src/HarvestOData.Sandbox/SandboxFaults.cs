namespace HarvestOData.Sandbox;

/// <summary>
/// Faults injected on demand, each kind counted down by the calls that take it. Faults hit calls the throttle has
/// accepted (Harvest counts a call that fails on its side against the limit too), after authentication; a
/// refused (401/429) call never consumes one. When several kinds are armed one call takes the first of: throttle
/// answer, server error, dropped connection, slow answer (then processed normally, possibly also malformed), malformed body.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private int _serverErrors;
    private int _serverErrorStatus = 500;
    private int _slowAnswers;
    private TimeSpan _slowDelay;
    private int _dropped;
    private int _malformed;
    private int _throttled;
    private int _throttleSeconds;
    private int _contradictory;
    private int _contradictoryKeep;
    private int _wrongTyped;

    /// <summary>The next <paramref name="count"/> accepted calls answer <paramref name="status"/> (5xx) without being processed.</summary>
    public void ServerErrors(int count, int status = 500)
    {
        if (status is < 500 or > 599)
            throw new ArgumentOutOfRangeException(nameof(status), status, "A server error status is 5xx.");
        lock (_gate)
            (_serverErrors, _serverErrorStatus) = (Checked(count), status);
    }

    /// <summary>The next <paramref name="count"/> accepted calls wait <paramref name="delay"/> (real time) before being processed.</summary>
    public void SlowAnswers(int count, TimeSpan delay)
    {
        lock (_gate)
            (_slowAnswers, _slowDelay) = (Checked(count), delay);
    }

    /// <summary>The next <paramref name="count"/> accepted calls lose their connection without an answer (nothing is processed).</summary>
    public void DroppedConnections(int count)
    {
        lock (_gate)
            _dropped = Checked(count);
    }

    /// <summary>The next <paramref name="count"/> accepted calls are processed but answer with a truncated JSON body.</summary>
    public void MalformedJson(int count)
    {
        lock (_gate)
            _malformed = Checked(count);
    }

    /// <summary>
    /// The next <paramref name="count"/> accepted calls answer 429 with <c>Retry-After: <paramref name="retryAfterSeconds"/></c>
    /// (Harvest lowering the account's budget, or another integration spending it), without blocking the sandbox's own
    /// throttle: a client that waits as told is never counted as calling while throttled.
    /// </summary>
    public void ThrottleAnswers(int count, int retryAfterSeconds)
    {
        if (retryAfterSeconds < 1)
            throw new ArgumentOutOfRangeException(nameof(retryAfterSeconds), retryAfterSeconds, "Retry-After is at least one second.");
        lock (_gate)
            (_throttled, _throttleSeconds) = (Checked(count), retryAfterSeconds);
    }

    /// <summary>
    /// The next <paramref name="count"/> list answers keep only their first <paramref name="keepRows"/> rows while
    /// <c>total_entries</c>, <c>total_pages</c> and the links still describe the whole answer: a page that contradicts
    /// itself (a glitch, a proxy, Harvest under load). Calls that are not lists are answered normally and do not count.
    /// </summary>
    public void ContradictoryListPages(int count, int keepRows = 0)
    {
        lock (_gate)
            (_contradictory, _contradictoryKeep) = (Checked(count), Checked(keepRows));
    }

    /// <summary>The next <paramref name="count"/> list answers carry their rows' <c>id</c> as a string that is not a number.</summary>
    public void WrongTypedRecords(int count)
    {
        lock (_gate)
            _wrongTyped = Checked(count);
    }

    public void Clear()
    {
        lock (_gate)
            _serverErrors = _slowAnswers = _dropped = _malformed = _throttled = _contradictory = _wrongTyped = 0;
    }

    /// <summary>Takes one wrong-typed-records fault, if armed.</summary>
    internal bool TakeWrongTyped()
    {
        lock (_gate)
        {
            if (_wrongTyped == 0)
                return false;
            _wrongTyped--;
            return true;
        }
    }

    /// <summary>Takes one contradictory-list fault, if armed: the rows the answer keeps.</summary>
    internal int? TakeContradictoryList()
    {
        lock (_gate)
        {
            if (_contradictory == 0)
                return null;
            _contradictory--;
            return _contradictoryKeep;
        }
    }

    internal FaultPlan Take()
    {
        lock (_gate)
        {
            if (_throttled > 0)
            {
                _throttled--;
                return new FaultPlan(null, false, TimeSpan.Zero, false, _throttleSeconds);
            }
            if (_serverErrors > 0)
            {
                _serverErrors--;
                return new FaultPlan(_serverErrorStatus, false, TimeSpan.Zero, false);
            }
            if (_dropped > 0)
            {
                _dropped--;
                return new FaultPlan(null, true, TimeSpan.Zero, false);
            }
            var delay = TimeSpan.Zero;
            if (_slowAnswers > 0)
            {
                _slowAnswers--;
                delay = _slowDelay;
            }
            bool malformed = _malformed > 0;
            if (malformed)
                _malformed--;
            return new FaultPlan(null, false, delay, malformed);
        }
    }

    private static int Checked(int count) =>
        count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "A fault count cannot be negative.");
}

internal sealed record FaultPlan(int? ServerError, bool Drop, TimeSpan Delay, bool Malformed, int? ThrottleSeconds = null);
