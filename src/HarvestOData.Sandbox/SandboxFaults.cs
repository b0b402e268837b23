namespace HarvestOData.Sandbox;

/// <summary>
/// Faults injected on demand, each kind counted down by the calls that take it. Faults hit calls the throttle has
/// accepted (Harvest counts a call that fails on its side against the limit too), after authentication; a
/// refused (401/429) call never consumes one. When several kinds are armed one call takes the first of: server
/// error, dropped connection (counted, then by share), throttle answer, slow answer (then processed normally,
/// possibly also malformed), malformed body.
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
    private double _dropShare;
    private Random _dropDice = new(0);
    private int _throttles;
    private InjectedThrottle? _throttle;
    private int _contradictory;
    private int _contradictoryKeep;
    private string? _contradictoryPath;
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

    /// <summary>
    /// Until cleared, each accepted call loses its connection without an answer with probability <paramref name="share"/>
    /// (dice seeded by <paramref name="seed"/>): Harvest's side closing connections under load.
    /// </summary>
    public void DropShare(double share, int seed = 1)
    {
        if (!(share is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(share), share, "A share is between 0 and 1.");
        lock (_gate)
            (_dropShare, _dropDice) = (share, new Random(seed));
    }

    /// <summary>
    /// The next <paramref name="count"/> accepted calls answer <paramref name="status"/> (429, or 503 as the legacy API)
    /// with <c>Retry-After: <paramref name="retryAfterSeconds"/></c> (a fraction is sent as such, e.g. <c>7.5</c>), and the
    /// account is blocked that long: a call arriving meanwhile counts as made while throttled. With
    /// <paramref name="blockAccount"/> false the answer only asks the client to wait (Harvest lowering the account's
    /// budget, or another integration spending it) and later calls are served: a client's patience is tested alone.
    /// </summary>
    public void Throttles(int count, double retryAfterSeconds, int status = 429, bool blockAccount = true)
    {
        if (status is not (429 or 503))
            throw new ArgumentOutOfRangeException(nameof(status), status, "A throttle answer is 429 or 503.");
        if (!(retryAfterSeconds is > 0 and <= 3600))
            throw new ArgumentOutOfRangeException(nameof(retryAfterSeconds), retryAfterSeconds, "Retry-After is between 0 and 3600 seconds.");
        lock (_gate)
            (_throttles, _throttle) = (Checked(count), new InjectedThrottle(status, TimeSpan.FromSeconds(retryAfterSeconds), blockAccount));
    }

    /// <summary>The next <paramref name="count"/> accepted calls are processed but answer with a truncated JSON body.</summary>
    public void MalformedJson(int count)
    {
        lock (_gate)
            _malformed = Checked(count);
    }

    /// <summary>
    /// The next <paramref name="count"/> list answers keep only their first <paramref name="keepRows"/> rows while
    /// <c>total_entries</c>, <c>total_pages</c> and the links still describe the whole answer: a page that contradicts
    /// itself (a glitch, a proxy, Harvest under load). Calls that are not lists are answered normally and do not count.
    /// With <paramref name="path"/> only list answers for that path (<c>invoices/5/payments</c>) take it, so a list read
    /// at the same moment by another pass cannot.
    /// </summary>
    public void ContradictoryListPages(int count, int keepRows = 0, string? path = null)
    {
        lock (_gate)
            (_contradictory, _contradictoryKeep, _contradictoryPath) = (Checked(count), Checked(keepRows), path);
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
        {
            _serverErrors = _slowAnswers = _dropped = _malformed = _throttles = _contradictory = _wrongTyped = 0;
            _dropShare = 0;
        }
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
    internal int? TakeContradictoryList(string path)
    {
        lock (_gate)
        {
            if (_contradictory == 0 || (_contradictoryPath is not null && _contradictoryPath != path))
                return null;
            _contradictory--;
            return _contradictoryKeep;
        }
    }

    internal FaultPlan Take()
    {
        lock (_gate)
        {
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
            if (_dropShare > 0 && _dropDice.NextDouble() < _dropShare)
                return new FaultPlan(null, true, TimeSpan.Zero, false);
            if (_throttles > 0)
            {
                _throttles--;
                return new FaultPlan(null, false, TimeSpan.Zero, false) { Throttle = _throttle };
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

internal sealed record FaultPlan(int? ServerError, bool Drop, TimeSpan Delay, bool Malformed)
{
    public InjectedThrottle? Throttle { get; init; }
}

internal sealed record InjectedThrottle(int Status, TimeSpan RetryAfter, bool BlocksAccount);
