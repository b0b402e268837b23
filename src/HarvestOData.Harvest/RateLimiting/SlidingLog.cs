namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// An exact "at most N calls in any window W" budget (a sliding log, not a token bucket, which would allow a burst
/// over the limit). Each call holds an entry from the moment it is let through until Harvest's answer is in; the entry then keeps the
/// answer's time, the latest moment Harvest can have counted the call. Measuring the window from there makes
/// send-versus-arrival jitter harmless: the call that reuses the slot starts a full window after the old call
/// reached Harvest, however late that was.
/// </summary>
internal sealed class SlidingLog(int limit, TimeSpan window)
{
    private readonly List<Entry> _entries = [];

    /// <summary>Calls allowed per window; the gate lowers it when Harvest's real budget proves smaller.</summary>
    public int Limit { get; set; } = limit;

    public TimeSpan Window { get; } = window;

    public int InFlight => _entries.Count(e => e.InFlight);

    /// <summary>Calls in the window at <paramref name="now"/>, in flight or answered.</summary>
    public int Count(DateTimeOffset now)
    {
        _entries.RemoveAll(e => !e.InFlight && e.Time + Window <= now);
        return _entries.Count;
    }

    /// <summary>Calls answered within the window before <paramref name="now"/>: the ones Harvest has surely counted.</summary>
    public int AnsweredWithin(DateTimeOffset now) => _entries.Count(e => !e.InFlight && e.Time + Window > now);

    /// <summary>When the next call may start: <paramref name="now"/> if a slot is free, null while only an answer can free one.</summary>
    public DateTimeOffset? NextFree(DateTimeOffset now)
    {
        _entries.RemoveAll(e => !e.InFlight && e.Time + Window <= now);
        if (_entries.Count < Limit)
            return now;
        int mustExpire = _entries.Count - Limit + 1;
        var done = _entries.Where(e => !e.InFlight).Select(e => e.Time).Order().ToList();
        return done.Count >= mustExpire ? done[mustExpire - 1] + Window : null;
    }

    public Entry Take(DateTimeOffset now)
    {
        var entry = new Entry { Time = now, InFlight = true };
        _entries.Add(entry);
        return entry;
    }

    public static void Complete(Entry entry, DateTimeOffset now)
    {
        entry.Time = now;
        entry.InFlight = false;
    }

    internal sealed class Entry
    {
        public DateTimeOffset Time { get; set; }

        public bool InFlight { get; set; }
    }
}
