using HarvestOData.Harvest.Client;

namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// Where a <see cref="RateGate"/> keeps its account's state when several nodes share the account: the calls in the
/// window (each counted from its grant until a window after its answer), the <c>Retry-After</c> hold and the budget
/// learned from Harvest's refusals. Without a store the gate keeps that state in its own process (one node). Either
/// way the gate itself orders this node's callers (interactive first) and hands out leases; the store only decides,
/// atomically for every node, whether the account may have one more call now.
/// </summary>
public interface IRateGateStore
{
    /// <summary>Grants one call at <paramref name="now"/> (this node's clock) or says why not and until when.</summary>
    Task<RateGateDecision> TryTakeAsync(CallBudget budget, RequestPriority priority, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Harvest answered these granted calls, each at its own moment: each counts a full window from there.</summary>
    Task CompleteAsync(IReadOnlyCollection<AnsweredCall> answers, CancellationToken cancellationToken);

    /// <summary>
    /// Harvest throttled the account at <paramref name="now"/>: hold every node's calls for <paramref name="retryAfter"/>
    /// (plus the store's margin) and learn from <paramref name="call"/>, the refused call, if given. Returns the hold's end.
    /// </summary>
    Task<DateTimeOffset> ThrottleAsync(long? call, TimeSpan retryAfter, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A granted call and when (this node's clock) its answer came in.</summary>
public readonly record struct AnsweredCall(long Call, DateTimeOffset At);

/// <summary>A store's answer to one caller.</summary>
/// <param name="Call">The granted call's id, or null when it may not go now.</param>
/// <param name="WakeAt">When asking again can succeed; null when only an answer (maybe another node's) frees a slot.</param>
/// <param name="GeneralFull">
/// The account's general budget is full for this caller's priority (or the account is held), so nobody of that priority
/// or lower may go; false when only the caller's own extra budget (reports, token checks) is full.
/// </param>
/// <param name="BlockedUntil">The account's <c>Retry-After</c> hold as the store knows it.</param>
/// <param name="Budget">Calls per window the store lets through now (the learned budget).</param>
public readonly record struct RateGateDecision(long? Call, DateTimeOffset? WakeAt, bool GeneralFull, DateTimeOffset BlockedUntil, int Budget);

/// <summary>Makes the <see cref="IRateGateStore"/> of each Harvest account; registered in DI when nodes share the throttle.</summary>
public interface IRateGateStoreFactory
{
    IRateGateStore For(string accountId, RateLimitOptions options);
}
