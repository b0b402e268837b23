using HarvestOData.Harvest.Client;

namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// The one gate every call to a Harvest account passes (docs/architecture.md#the-throttle). It lets at most
/// <see cref="RateLimitOptions.Requests"/> calls through in any sliding window, plus a separate budget for
/// <c>reports/*</c>, and after a 429/503 it holds every caller until <c>Retry-After</c> has passed: Harvest resets
/// the block on each call made while throttled (docs/harvest.md#throttle), so nothing at all may be sent meanwhile.
/// Interactive callers are let through before queued background ones. Time comes from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class RateGate : IDisposable
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly SlidingLog _general;
    private readonly SlidingLog _reports;
    private readonly TimeSpan _margin;
    private readonly LinkedList<Waiter> _interactive = new();
    private readonly LinkedList<Waiter> _background = new();
    private readonly ITimer _timer;
    private readonly IRateGateObserver? _observer;
    private readonly string _accountId;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private bool _disposed;

    /// <param name="observer">Told of every call let through and every throttle answer (metrics); optional.</param>
    /// <param name="accountId">The account this gate guards, as the observer is told.</param>
    public RateGate(RateLimitOptions options, TimeProvider timeProvider, IRateGateObserver? observer = null, string accountId = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _margin = options.Margin;
        _general = new SlidingLog(options.Requests, options.Window + _margin);
        _reports = new SlidingLog(options.ReportsRequests, options.ReportsWindow + _margin);
        _observer = observer;
        _accountId = accountId;
        _timer = _time.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Until when every caller is held after a throttle answer (in the past when not throttled).</summary>
    public DateTimeOffset BlockedUntil
    {
        get { lock (_lock) return _blockedUntil; }
    }

    /// <summary>Callers waiting to be let through.</summary>
    public int Waiting
    {
        get { lock (_lock) return _interactive.Count + _background.Count; }
    }

    /// <summary>Calls let through whose answer is not in yet.</summary>
    public int InFlight
    {
        get { lock (_lock) return _general.InFlight; }
    }

    /// <summary>Waits until a call may be sent. Dispose the lease when the answer is in.</summary>
    /// <param name="reports">The call goes to <c>reports/*</c> and also needs a slot of the reports budget.</param>
    public Task<RateGateLease> EnterAsync(RequestPriority priority, bool reports, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter(reports);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var queue = priority == RequestPriority.Interactive ? _interactive : _background;
            waiter.Node = queue.AddLast(waiter);
            Pump();
        }
        if (waiter.Completion.Task.IsCompleted || !cancellationToken.CanBeCanceled)
            return waiter.Completion.Task;
        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>
    /// Harvest answered 429 (or 503 with <c>Retry-After</c>): hold every caller until <paramref name="retryAfter"/>
    /// plus the margin has passed. A later, shorter hint never shortens an existing block.
    /// </summary>
    public void Throttle(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = _time.GetUtcNow() + (retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter) + _margin;
            if (until > _blockedUntil)
                _blockedUntil = until;
            _observer?.OnThrottle(_accountId, _time.GetUtcNow(), retryAfter);
            Pump();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            _timer.Dispose();
            foreach (var waiter in _interactive.Concat(_background).ToList())
                waiter.Completion.TrySetException(new ObjectDisposedException(nameof(RateGate)));
            _interactive.Clear();
            _background.Clear();
        }
    }

    internal void Release(SlidingLog.Entry general, SlidingLog.Entry? reports)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            SlidingLog.Complete(general, now);
            if (reports is not null)
                SlidingLog.Complete(reports, now);
            Pump();
        }
    }

    private async Task<RateGateLease> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken)).ConfigureAwait(false);
        return await waiter.Completion.Task.ConfigureAwait(false);
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
                return; // Already let through: the caller owns a lease and disposes it.
            waiter.Node.List.Remove(waiter.Node);
            waiter.Completion.TrySetCanceled(cancellationToken);
            Pump();
        }
    }

    /// <summary>Lets through every waiter that may go now, in priority order, and sets the timer for the next one.</summary>
    private void Pump()
    {
        lock (_lock)
        {
            if (_disposed)
                return; // a lease released during shutdown
            var now = _time.GetUtcNow();
            DateTimeOffset? wake = null;
            if (now < _blockedUntil)
            {
                wake = _interactive.Count + _background.Count > 0 ? _blockedUntil : null;
            }
            else
            {
                wake = LetThrough(_interactive, now, out bool generalFull);
                if (!generalFull)
                    wake = Earliest(wake, LetThrough(_background, now, out _));
            }
            _timer.Change(wake is { } at ? Max(at - now, TimeSpan.FromMilliseconds(1)) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private DateTimeOffset? LetThrough(LinkedList<Waiter> queue, DateTimeOffset now, out bool generalFull)
    {
        DateTimeOffset? wake = null;
        generalFull = false;
        for (var node = queue.First; node is not null;)
        {
            var next = node.Next;
            var generalFree = _general.NextFree(now);
            if (generalFree != now)
            {
                // Nobody behind may take the slot this caller waits for; null = only an answer can free one.
                generalFull = true;
                return Earliest(wake, generalFree);
            }
            var waiter = node.Value;
            SlidingLog.Entry? reportsEntry = null;
            if (waiter.Reports)
            {
                var reportsFree = _reports.NextFree(now);
                if (reportsFree != now)
                {
                    // Skip: callers behind that do not need the reports budget may still go.
                    wake = Earliest(wake, reportsFree);
                    node = next;
                    continue;
                }
                reportsEntry = _reports.Take(now);
            }
            queue.Remove(node);
            waiter.Node = null;
            waiter.Completion.TrySetResult(new RateGateLease(this, _general.Take(now), reportsEntry));
            _observer?.OnSend(_accountId, now);
            node = next;
        }
        return wake;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Waiter(bool reports)
    {
        public bool Reports { get; } = reports;

        public TaskCompletionSource<RateGateLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
