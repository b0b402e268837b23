namespace HarvestOData.Mirror.Sync;

/// <summary>
/// One row of <c>sync_state</c>: what the status page shows for a resource, and what a pass needs to go on
/// where it stopped.
/// </summary>
public sealed record SyncState
{
    public required string Resource { get; init; }

    /// <summary>Rows of the resource in the mirror after the last pass.</summary>
    public long Rows { get; init; }

    /// <summary>The <c>updated_since</c> watermark; null until the first full pass has finished.</summary>
    public DateTimeOffset? Cursor { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary><c>full</c>, <c>incremental</c>, <c>refresh</c>, <c>children</c> or <c>reconcile</c>.</summary>
    public string? LastPass { get; init; }

    public long? LastPassCalls { get; init; }

    public long? LastPassChanged { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The pass in flight (or interrupted by a crash): its kind; null when none.</summary>
    public string? PassKind { get; init; }

    public DateTimeOffset? PassStartedAt { get; init; }

    /// <summary>The <c>updated_since</c> the pass in flight sends (null for a full pass).</summary>
    public DateTimeOffset? PassSince { get; init; }

    /// <summary>Cursor mode: the <c>links.next</c> after the last committed page.</summary>
    public string? PassNext { get; init; }

    /// <summary>
    /// Dated lists: the date windows not yet read whole (<c>from..to</c> separated by <c>|</c>, <c>*</c> for an open end);
    /// null from the top. Dates, not page numbers: rows created or deleted while the process was down cannot shift them.
    /// </summary>
    public string? PassResumeWindows { get; init; }

    public DateTimeOffset? PassMaxSeen { get; init; }

    public int? PagesDone { get; init; }

    public int? PagesKnown { get; init; }

    /// <summary>When the scheduler will run the next incremental pass (set by the recurring job).</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    public DateTimeOffset? LastReconcileAt { get; init; }

    public long? LastReconcileDeleted { get; init; }

    public DateTimeOffset? LastChildSweepAt { get; init; }

    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public bool IsRunning(DateTimeOffset now) => LeaseOwner is not null && LeaseUntil > now;
}
