namespace HarvestOData.Testing;

/// <summary>
/// The one fake clock of every test project (linked in by tests/Directory.Build.props): it only moves when a test
/// says so, and everything that reads time through it (now, timestamps, timers, so Task.Delay and CancelAfter too)
/// follows it; nothing silently falls back to real time. Timers fire, in due order, on the calling thread, each with
/// the clock standing at its own due time, while <see cref="Advance"/> passes it.
/// </summary>
/// <remarks>
/// Not Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider: its Advance fires every passed timer with the
/// clock already at the target (a rate window that frees a slot at 15 s would see 20 s), and it cannot say when the
/// next timer is due, which the rate-gate tests need to step concurrent callers from one timer to the next.
/// </remarks>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>When the earliest armed timer is due; null when none is armed.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
                return _timers.Where(t => t.Due is not null).Min(t => t.Due);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer whose due time is passed on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
            target = _now + by;
        while (true)
        {
            FakeTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.Due is { } d && d <= target).MinBy(t => t.Due);
                if (due is null)
                {
                    _now = target;
                    return;
                }
                if (due.Due > _now)
                    _now = due.Due!.Value;
                due.Due = due.Period is { } period ? _now + period : null;
            }
            due.Fire();
        }
    }

    /// <summary>Jumps to the next armed timer and fires it; false when no timer is armed.</summary>
    public bool AdvanceToNextTimer()
    {
        var next = NextDue;
        if (next is null)
            return false;
        var now = GetUtcNow();
        Advance(next.Value > now ? next.Value - now : TimeSpan.Zero);
        return true;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (!owner._timers.Contains(this))
                    return false;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
                owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
