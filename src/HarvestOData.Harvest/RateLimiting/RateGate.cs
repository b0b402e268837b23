using HarvestOData.Harvest.Client;

namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// The one gate every call to a Harvest account passes (docs/architecture.md#the-throttle). It lets at most
/// <see cref="RateLimitOptions.Requests"/> calls through in any sliding window, plus a separate budget for
/// <c>reports/*</c> and a bounded share for token checks, and after a 429/503 it holds every caller until
/// <c>Retry-After</c> has passed: Harvest resets the block on each call made while throttled (docs/harvest.md#throttle), so nothing at all
/// may be sent meanwhile.
/// <para>
/// Harvest's real budget can be smaller than configured (another integration shares the account, or Harvest lowered
/// the limit). A throttle answer to a call the budget allowed therefore teaches the gate: the budget shrinks to what
/// Harvest had answered in the window (at most halving at once), and what Harvest is known to accept starts again from
/// nothing. Calls beyond the
/// known count go alone (nothing else in flight), each accepted one raising the known count, so a wrong guess is refused
/// with no company that would arrive inside the block: after a block the first call is a lone probe, and the queue
/// follows at full concurrency only up to what Harvest accepted. Long after the last throttle, a lone trial call beyond
/// the budget finds out whether Harvest allows more again.
/// </para>
/// Interactive callers are let through before queued background ones. Time comes from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class RateGate : IDisposable
{
    /// <summary>Windows without a throttle before the gate tries a call above the budget it learned.</summary>
    internal const int RelearnAfterWindows = 40;

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly RateLimitOptions _options;
    private readonly SlidingLog _general;
    private readonly SlidingLog _reports;
    private readonly SlidingLog _tokenChecks;
    private readonly TimeSpan _margin;
    private readonly LinkedList<Waiter> _interactive = new();
    private readonly LinkedList<Waiter> _background = new();
    private readonly ITimer _timer;
    private readonly IRateGateObserver? _observer;
    private readonly string _accountId;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private bool _probeNeeded;
    private int _known;
    private Lone? _lone;
    private DateTimeOffset _nextTrial = DateTimeOffset.MaxValue;
    private TimeSpan _trialBackoff;
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
        _options = options;
        _margin = options.Margin;
        _general = new SlidingLog(options.Requests, options.Window + _margin);
        _reports = new SlidingLog(options.ReportsRequests, options.ReportsWindow + _margin);
        _tokenChecks = new SlidingLog(options.TokenChecks(options.Requests), options.Window + _margin);
        _known = options.Requests; // trusted until Harvest says otherwise
        _trialBackoff = RelearnAfter;
        _observer = observer;
        _accountId = accountId;
        _timer = _time.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Until when every caller is held after a throttle answer (in the past when not throttled).</summary>
    public DateTimeOffset BlockedUntil
    {
        get { lock (_lock) return _blockedUntil; }
    }

    /// <summary>Calls per window the gate lets through now: the configured limit, or less once Harvest proved it smaller.</summary>
    public int Budget
    {
        get { lock (_lock) return _general.Limit; }
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

    private TimeSpan RelearnAfter => RelearnAfterWindows * (_options.Window + _margin);

    /// <summary>Waits until a call may be sent. Dispose the lease when the answer is in.</summary>
    /// <param name="reports">The call goes to <c>reports/*</c> and also needs a slot of the reports budget.</param>
    public Task<RateGateLease> EnterAsync(RequestPriority priority, bool reports, CancellationToken cancellationToken) =>
        EnterAsync(priority, reports ? CallBudget.Reports : CallBudget.General, cancellationToken);

    /// <summary>Waits until a call may be sent. Dispose the lease when the answer is in.</summary>
    /// <param name="budget">The budget the call needs besides the general one.</param>
    public Task<RateGateLease> EnterAsync(RequestPriority priority, CallBudget budget, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter(budget);
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
    /// plus the margin has passed, then let one probing call go alone. A later, shorter hint never shortens an
    /// existing block.
    /// </summary>
    /// <param name="lease">The call Harvest throttled; when given, the gate learns from it how much Harvest really allows.</param>
    public void Throttle(TimeSpan retryAfter, RateGateLease? lease = null)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            bool fresh = now >= _blockedUntil;
            var until = now + (retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter) + _margin;
            if (until > _blockedUntil)
                _blockedUntil = until;
            _probeNeeded = true;
            if (_lone is { } lone && lease is not null && ReferenceEquals(lease.General, lone.Entry))
            {
                lone.Throttled = true;
                // A probe refused means the block outlasted Retry-After, nothing about the budget; any other lone call was
                // the count-th in our window, so Harvest allows fewer than that.
                if (!lone.Probe)
                    SetBudget(Math.Min(_general.Limit, lone.Count - 1));
                if (lone.Trial)
                {
                    _trialBackoff = TimeSpan.FromTicks(Math.Min(_trialBackoff.Ticks * 2, RelearnAfter.Ticks * 16));
                    _nextTrial = now + _trialBackoff;
                }
            }
            else if (fresh && lease is not null)
            {
                // Harvest refused a call the budget allowed. What it had answered in the window is what it surely took,
                // but a foreign burst (another integration on the account) can make that tiny: shrink to it, yet at most
                // halve at once. Beyond what Harvest then accepts calls go alone, so an estimate too high costs one lone
                // refusal, never a call inside the block.
                SetBudget(Math.Min(_general.Limit - 1, Math.Max(_general.AnsweredWithin(now), _general.Limit / 2)));
                _known = 0;
                _trialBackoff = RelearnAfter;
                _nextTrial = now + _trialBackoff;
            }
            _observer?.OnThrottle(_accountId, now, retryAfter);
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

    internal void Release(SlidingLog.Entry general, SlidingLog.Entry? extra)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            SlidingLog.Complete(general, now);
            if (extra is not null)
                SlidingLog.Complete(extra, now);
            if (_lone is { } lone && ReferenceEquals(general, lone.Entry))
            {
                _lone = null;
                if (!lone.Throttled)
                {
                    // Harvest accepted the count-th call of the window: that many may go together from now on.
                    _probeNeeded = false;
                    _known = Math.Max(_known, Math.Min(lone.Count, _options.Requests));
                    if (_known > _general.Limit)
                        SetBudget(_known);
                    if (lone.Trial)
                        _nextTrial = _general.Limit < _options.Requests ? now : DateTimeOffset.MaxValue;
                }
            }
            Pump();
        }
    }

    private void SetBudget(int budget)
    {
        budget = Math.Clamp(budget, Math.Max(1, _options.Requests / 10), _options.Requests);
        _general.Limit = budget;
        _tokenChecks.Limit = _options.TokenChecks(budget);
        _known = Math.Min(_known, budget);
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
            bool trial = false;
            var generalFree = _general.NextFree(now);
            if (generalFree != now)
            {
                trial = MayTry(now);
                if (!trial)
                {
                    // Nobody behind may take the slot this caller waits for; null = only an answer can free one.
                    generalFull = true;
                    return Earliest(wake, generalFree);
                }
            }
            bool alone = trial || _probeNeeded || _general.Count(now) >= _known;
            if (alone && (_lone is not null || _general.InFlight > 0))
            {
                generalFull = true; // only an answer lets a lone call go
                return wake;
            }
            var waiter = node.Value;
            var extraLog = waiter.Budget switch
            {
                CallBudget.Reports => _reports,
                CallBudget.TokenCheck => _tokenChecks,
                _ => null,
            };
            SlidingLog.Entry? extra = null;
            if (extraLog is not null)
            {
                var extraFree = extraLog.NextFree(now);
                if (extraFree != now)
                {
                    // Skip: callers behind that do not need this budget may still go.
                    wake = Earliest(wake, extraFree);
                    node = next;
                    continue;
                }
                extra = extraLog.Take(now);
            }
            queue.Remove(node);
            waiter.Node = null;
            var entry = _general.Take(now);
            waiter.Completion.TrySetResult(new RateGateLease(this, entry, extra));
            _observer?.OnSend(_accountId, now);
            if (alone)
            {
                _lone = new Lone(entry, _general.Count(now), Probe: _probeNeeded, Trial: trial);
                generalFull = true;
                return wake;
            }
            node = next;
        }
        return wake;
    }

    /// <summary>
    /// Whether one call above the learned budget may go now to find out if Harvest allows more again: only long after the
    /// last throttle, and only alone, so that if Harvest refuses it no other call arrives inside the block.
    /// </summary>
    private bool MayTry(DateTimeOffset now) =>
        _general.Limit < _options.Requests && _lone is null && !_probeNeeded && _general.InFlight == 0 && now >= _nextTrial;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>A call sent alone: the probe after a block, a call beyond the known count, or a trial beyond the budget.</summary>
    /// <param name="Count">Calls in the window, this one included, when it was sent.</param>
    private sealed record Lone(SlidingLog.Entry Entry, int Count, bool Probe, bool Trial)
    {
        public bool Throttled { get; set; }
    }

    private sealed class Waiter(CallBudget budget)
    {
        public CallBudget Budget { get; } = budget;

        public TaskCompletionSource<RateGateLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
