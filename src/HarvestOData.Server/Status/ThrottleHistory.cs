using System.Collections.Concurrent;
using HarvestOData.Harvest.RateLimiting;

namespace HarvestOData.Server.Status;

/// <summary>
/// What the rate gate let through and which throttle answers it honoured, per Harvest account, in a ring of the last
/// <see cref="WindowCount"/> windows of the configured throttle window (15 s ⇒ the last ten minutes). Fed by the gate
/// through <see cref="IRateGateObserver"/>; cheap and lock-light, because the gate calls it while holding its own lock.
/// </summary>
public sealed class ThrottleHistory(TimeSpan window) : IRateGateObserver
{
    public const int WindowCount = 40;

    private readonly long _windowTicks = Math.Max(1, window.Ticks);
    private readonly ConcurrentDictionary<string, Ring> _accounts = new(StringComparer.Ordinal);

    public TimeSpan Window => TimeSpan.FromTicks(_windowTicks);

    public void OnSend(string accountId, DateTimeOffset at) => RingOf(accountId).Add(Index(at), calls: 1, throttles: 0);

    public void OnThrottle(string accountId, DateTimeOffset at, TimeSpan retryAfter)
    {
        var ring = RingOf(accountId);
        ring.Add(Index(at), calls: 0, throttles: 1);
        ring.Block(at + retryAfter);
    }

    /// <summary>The last <see cref="WindowCount"/> windows up to <paramref name="now"/>, oldest first (empty ones included).</summary>
    public IReadOnlyList<ThrottleWindow> Windows(string accountId, DateTimeOffset now)
    {
        long last = Index(now);
        var ring = _accounts.GetValueOrDefault(accountId.Trim());
        var windows = new List<ThrottleWindow>(WindowCount);
        for (long index = last - WindowCount + 1; index <= last; index++)
        {
            var (calls, throttles) = ring?.Get(index) ?? (0, 0);
            windows.Add(new ThrottleWindow(new DateTimeOffset(index * _windowTicks, TimeSpan.Zero), calls, throttles));
        }
        return windows;
    }

    /// <summary>Until when the last throttle answer asked to hold every call; null if none was ever received.</summary>
    public DateTimeOffset? BlockedUntil(string accountId) => _accounts.GetValueOrDefault(accountId.Trim())?.BlockedUntil;

    private long Index(DateTimeOffset at) => at.UtcTicks / _windowTicks;

    private Ring RingOf(string accountId) => _accounts.GetOrAdd(accountId.Trim(), _ => new Ring());

    private sealed class Ring
    {
        private readonly long[] _index = new long[WindowCount];
        private readonly int[] _calls = new int[WindowCount];
        private readonly int[] _throttles = new int[WindowCount];
        private readonly Lock _lock = new();
        private DateTimeOffset? _blockedUntil;

        public DateTimeOffset? BlockedUntil
        {
            get { lock (_lock) return _blockedUntil; }
        }

        public void Add(long index, int calls, int throttles)
        {
            int slot = Slot(index);
            lock (_lock)
            {
                if (_index[slot] != index)
                    (_index[slot], _calls[slot], _throttles[slot]) = (index, 0, 0);   // a window that has slid out
                _calls[slot] += calls;
                _throttles[slot] += throttles;
            }
        }

        public void Block(DateTimeOffset until)
        {
            lock (_lock)
            {
                if (_blockedUntil is not { } current || until > current)
                    _blockedUntil = until;
            }
        }

        public (int Calls, int Throttles) Get(long index)
        {
            int slot = Slot(index);
            lock (_lock)
                return _index[slot] == index ? (_calls[slot], _throttles[slot]) : (0, 0);
        }

        private static int Slot(long index) => (int)(((index % WindowCount) + WindowCount) % WindowCount);
    }
}
