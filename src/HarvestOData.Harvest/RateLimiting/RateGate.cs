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
/// <para>
/// Where that state lives is the gate's <see cref="IRateGateStore"/>: by default in this process (one node); with a
/// shared store (several nodes on one database) the store decides each grant for all nodes at once, with the same rules,
/// and this gate only orders its own node's callers and hands out their leases (<see cref="RateGate"/>'s shared half below).
/// </para>
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

    // The shared half: set only with a store.
    private readonly IRateGateStore? _store;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<AnsweredCall> _answered = [];
    private readonly List<PendingThrottle> _throttles = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sharedBudget;
    private int _sharedInFlight;
    private volatile Task? _sleeping;

    /// <param name="observer">Told of every call let through and every throttle answer (metrics); optional.</param>
    /// <param name="accountId">The account this gate guards, as the observer is told.</param>
    /// <param name="store">Where the account's state lives when several nodes share it; null keeps it in this process.</param>
    public RateGate(RateLimitOptions options, TimeProvider timeProvider, IRateGateObserver? observer = null, string accountId = "",
        IRateGateStore? store = null)
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
        _store = store;
        _sharedBudget = options.Requests;
        if (store is not null)
            _ = Task.Run(PumpSharedAsync);
    }

    /// <summary>The shared pump waits for time to pass or a caller to come, with nothing left to do now (tests step a fake clock by it).</summary>
    internal bool SharedPumpIdle => _sleeping is { IsCompleted: false };

    /// <summary>How long the shared gate waits at most before asking the store again: another node's answer can free a slot.</summary>
    internal static readonly TimeSpan SharedPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Until when every caller is held after a throttle answer (in the past when not throttled).</summary>
    public DateTimeOffset BlockedUntil
    {
        get { lock (_lock) return _blockedUntil; }
    }

    /// <summary>Calls per window the gate lets through now: the configured limit, or less once Harvest proved it smaller.</summary>
    public int Budget
    {
        get { lock (_lock) return _store is null ? _general.Limit : _sharedBudget; }
    }

    /// <summary>Callers waiting to be let through.</summary>
    public int Waiting
    {
        get { lock (_lock) return _interactive.Count + _background.Count; }
    }

    /// <summary>Calls let through whose answer is not in yet.</summary>
    public int InFlight
    {
        get { lock (_lock) return _store is null ? _general.InFlight : _sharedInFlight; }
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
            if (_store is null)
                Pump();
            else
                WakeShared();
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
        if (_store is not null)
        {
            // Held here at once; the pump tells every other node, before it reports this call's answer.
            lock (_lock)
            {
                var at = HoldShared(retryAfter);
                _throttles.Add(new PendingThrottle(lease?.SharedCall, retryAfter, at));
                WakeShared();
            }
            return;
        }
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

    /// <summary>
    /// <see cref="Throttle"/>, and with a shared store it returns once every node is held: call it before the throttled
    /// call's lease is released, so no node sends between Harvest's answer and the hold.
    /// </summary>
    public async Task ThrottleAsync(TimeSpan retryAfter, RateGateLease? lease, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            Throttle(retryAfter, lease);
            return;
        }
        DateTimeOffset at;
        lock (_lock)
            at = HoldShared(retryAfter);
        try
        {
            var until = await _store.ThrottleAsync(lease?.SharedCall, retryAfter, at, cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (until > _blockedUntil)
                    _blockedUntil = until;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database did not take it now: the pump keeps trying, and this node stays held meanwhile.
            lock (_lock)
            {
                _throttles.Add(new PendingThrottle(lease?.SharedCall, retryAfter, at));
                WakeShared();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            _stopping.Cancel();
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

    /// <summary>A shared call's answer is in: the pump reports it (with this moment) to the store.</summary>
    internal void ReleaseShared(long call)
    {
        lock (_lock)
        {
            _answered.Add(new AnsweredCall(call, _time.GetUtcNow()));
            _sharedInFlight--;
            WakeShared();
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
            if (_store is null)
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

    /// <summary>Holds this node's callers at once (caller holds the lock); returns the throttle's moment.</summary>
    private DateTimeOffset HoldShared(TimeSpan retryAfter)
    {
        var now = _time.GetUtcNow();
        var until = now + (retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter) + _options.SharedMargin;
        if (until > _blockedUntil)
            _blockedUntil = until;
        _observer?.OnThrottle(_accountId, now, retryAfter);
        return now;
    }

    /// <summary>Wakes the shared pump (caller holds the lock).</summary>
    private void WakeShared()
    {
        var wake = _wake;
        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        wake.TrySetResult();
    }

    /// <summary>
    /// The shared gate's one loop: reports throttles and answers to the store, then asks it for a grant for each of this
    /// node's waiters in priority order, and sleeps until the earliest moment one can go, a new waiter or answer, or
    /// <see cref="SharedPoll"/> (another node's answer may free a slot sooner). A database that cannot be reached
    /// grants nothing: callers wait, and the loop tries again.
    /// </summary>
    private async Task PumpSharedAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Task woken;
            lock (_lock)
                woken = _wake.Task;
            DateTimeOffset? wake;
            try
            {
                await ReportSharedAsync(stopping).ConfigureAwait(false);
                wake = await GrantSharedAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException or IOException)
            {
                wake = _time.GetUtcNow() + SharedPoll;
            }
            var delay = wake is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (wake is not null && delay <= TimeSpan.Zero)
                continue;
            using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var timer = Task.Delay(delay, _time, sleeping.Token);
            var sleep = Task.WhenAny(woken, timer);
            _sleeping = sleep;
            await sleep.ConfigureAwait(false);
            _sleeping = null;
            await sleeping.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Tells the store of this node's throttles first, then of its answers: a refused lone call must be known as refused before it is answered.</summary>
    private async Task ReportSharedAsync(CancellationToken cancellationToken)
    {
        List<PendingThrottle> throttles;
        List<AnsweredCall> answered;
        lock (_lock)
        {
            throttles = [.. _throttles];
            answered = [.. _answered];
            _throttles.Clear();
            _answered.Clear();
        }
        try
        {
            while (throttles.Count > 0)
            {
                var throttle = throttles[0];
                var until = await _store!.ThrottleAsync(throttle.Call, throttle.RetryAfter, throttle.At, cancellationToken).ConfigureAwait(false);
                throttles.RemoveAt(0);
                lock (_lock)
                {
                    if (until > _blockedUntil)
                        _blockedUntil = until;
                }
            }
            // Each answer with its own time: stamping a batch with its latest answer made slots free together, and the
            // calls they let go came back together, so the gate ran in bursts with idle gaps (bench/sync BENCH_TRACE).
            await _store!.CompleteAsync(answered, cancellationToken).ConfigureAwait(false);
            answered.Clear();
        }
        finally
        {
            if (throttles.Count + answered.Count > 0)
            {
                lock (_lock)
                {
                    _throttles.InsertRange(0, throttles);
                    _answered.InsertRange(0, answered);
                }
            }
        }
    }

    /// <summary>One round over this node's waiters; returns when to look again (null: nobody waits).</summary>
    private async Task<DateTimeOffset?> GrantSharedAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? wake = null;
        foreach (var interactive in new[] { true, false })
        {
            List<Waiter> waiting;
            lock (_lock)
                waiting = [.. interactive ? _interactive : _background];
            bool generalFull = false;
            foreach (var waiter in waiting)
            {
                var now = _time.GetUtcNow();
                lock (_lock)
                {
                    if (now < _blockedUntil)
                        return _blockedUntil;
                    if (waiter.Node?.List is null)
                        continue; // cancelled meanwhile
                }
                var decision = await _store!.TryTakeAsync(waiter.Budget, interactive ? RequestPriority.Interactive : RequestPriority.Background,
                    now, cancellationToken).ConfigureAwait(false);
                bool granted = false;
                lock (_lock)
                {
                    _sharedBudget = decision.Budget;
                    if (decision.BlockedUntil > _blockedUntil)
                        _blockedUntil = decision.BlockedUntil;
                    if (decision.Call is { } call)
                    {
                        _sharedInFlight++;
                        if (waiter.Node?.List is { } list)
                        {
                            list.Remove(waiter.Node);
                            waiter.Node = null;
                            granted = true;
                        }
                    }
                }
                if (decision.Call is { } id)
                {
                    if (granted)
                    {
                        waiter.Completion.TrySetResult(new RateGateLease(this, id));
                        _observer?.OnSend(_accountId, now);
                    }
                    else
                    {
                        ReleaseShared(id); // its caller gave up meanwhile: the call is never made
                    }
                    continue;
                }
                wake = Earliest(wake, decision.WakeAt ?? now + SharedPoll);
                if (decision.GeneralFull)
                {
                    generalFull = true;
                    break;
                }
            }
            // Interactive callers that cannot go hold the background ones too, as in one process.
            if (interactive && generalFull)
                break;
        }
        lock (_lock)
        {
            if (_interactive.Count + _background.Count == 0)
                return _answered.Count + _throttles.Count > 0 ? _time.GetUtcNow() : null;
            var now = _time.GetUtcNow();
            var next = wake ?? now + SharedPoll;
            return next > now + SharedPoll ? now + SharedPoll : next;
        }
    }

    private sealed record PendingThrottle(long? Call, TimeSpan RetryAfter, DateTimeOffset At);

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
