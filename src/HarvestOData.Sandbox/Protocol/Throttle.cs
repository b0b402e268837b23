namespace HarvestOData.Sandbox.Protocol;

/// <summary>
/// Harvest's throttle as docs/harvest.md#throttle describes it: a sliding log of accepted calls per account over the window. The
/// call that would be the (limit+1)-th in the window is refused and blocks the account for a whole window; a call
/// made while blocked is refused too and restarts the block ("the throttle is reset with each call"). Refused calls
/// never enter the log.
/// </summary>
internal sealed class Throttle(int limit, TimeSpan window)
{
    private int _limit = limit;

    private readonly Queue<DateTimeOffset> _accepted = new();
    private readonly Lock _gate = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public ThrottleVerdict Admit(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now < _blockedUntil)
            {
                _blockedUntil = now + window;
                return ThrottleVerdict.WhileBlocked;
            }
            while (_accepted.Count > 0 && _accepted.Peek() <= now - window)
                _accepted.Dequeue();
            if (_accepted.Count >= _limit)
            {
                _blockedUntil = now + window;
                return ThrottleVerdict.OverLimit;
            }
            _accepted.Enqueue(now);
            return ThrottleVerdict.Accepted;
        }
    }

    /// <summary>Accepted calls per window; lowering it mid-run is Harvest lowering the limit (or another integration taking a share).</summary>
    public int Limit
    {
        get { lock (_gate) return _limit; }
        set { lock (_gate) _limit = value; }
    }

    /// <summary>Blocks the account until <paramref name="now"/> + <paramref name="duration"/> (an injected throttle answer said so).</summary>
    public void Block(DateTimeOffset now, TimeSpan duration)
    {
        lock (_gate)
        {
            if (now + duration > _blockedUntil)
                _blockedUntil = now + duration;
        }
    }

    /// <summary>Whole seconds until the block lifts, rounded up (what <c>Retry-After</c> carries).</summary>
    public int RetryAfterSeconds(DateTimeOffset now)
    {
        lock (_gate)
            return Math.Max(1, (int)Math.Ceiling((_blockedUntil - now).TotalSeconds));
    }
}

internal enum ThrottleVerdict
{
    Accepted,
    OverLimit,
    WhileBlocked,
}
