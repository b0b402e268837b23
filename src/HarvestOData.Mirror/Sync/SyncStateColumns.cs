using F = HarvestOData.Harvest.Catalog.FieldType;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// The columns of <c>sync_state</c> beside its key (<c>resource</c>), each mapped to its <see cref="SyncState"/> property:
/// the one place a column name is spelled. Callers update through them (<c>SyncStateColumns.Cursor.Set(at)</c>), so a
/// misspelt or mistyped column does not compile.
/// </summary>
public static class SyncStateColumns
{
    public static SyncStateColumn<long> Rows { get; } = new("rows", F.Integer, (s, v) => s with { Rows = v });
    public static SyncStateColumn<DateTimeOffset?> Cursor { get; } = new("cursor", F.Timestamp, (s, v) => s with { Cursor = v });
    public static SyncStateColumn<DateTimeOffset?> LastSuccessAt { get; } = new("last_success_at", F.Timestamp, (s, v) => s with { LastSuccessAt = v });
    public static SyncStateColumn<string?> LastPass { get; } = new("last_pass", F.String, (s, v) => s with { LastPass = v });
    public static SyncStateColumn<long?> LastPassCalls { get; } = new("last_pass_calls", F.Integer, (s, v) => s with { LastPassCalls = v });
    public static SyncStateColumn<long?> LastPassChanged { get; } = new("last_pass_changed", F.Integer, (s, v) => s with { LastPassChanged = v });
    public static SyncStateColumn<string?> LastError { get; } = new("last_error", F.String, (s, v) => s with { LastError = v });
    public static SyncStateColumn<DateTimeOffset?> LastErrorAt { get; } = new("last_error_at", F.Timestamp, (s, v) => s with { LastErrorAt = v });
    public static SyncStateColumn<string?> PassKind { get; } = new("pass_kind", F.String, (s, v) => s with { PassKind = v });
    public static SyncStateColumn<DateTimeOffset?> PassStartedAt { get; } = new("pass_started_at", F.Timestamp, (s, v) => s with { PassStartedAt = v });
    public static SyncStateColumn<DateTimeOffset?> PassSince { get; } = new("pass_since", F.Timestamp, (s, v) => s with { PassSince = v });
    public static SyncStateColumn<string?> PassNext { get; } = new("pass_next", F.String, (s, v) => s with { PassNext = v });
    public static SyncStateColumn<string?> PassResumeWindows { get; } = new("pass_resume_windows", F.String, (s, v) => s with { PassResumeWindows = v });
    public static SyncStateColumn<DateTimeOffset?> PassMaxSeen { get; } = new("pass_max_seen", F.Timestamp, (s, v) => s with { PassMaxSeen = v });
    public static SyncStateColumn<int?> PagesDone { get; } = new("pages_done", F.Integer, (s, v) => s with { PagesDone = v });
    public static SyncStateColumn<int?> PagesKnown { get; } = new("pages_known", F.Integer, (s, v) => s with { PagesKnown = v });
    public static SyncStateColumn<DateTimeOffset?> NextRunAt { get; } = new("next_run_at", F.Timestamp, (s, v) => s with { NextRunAt = v });
    public static SyncStateColumn<DateTimeOffset?> LastReconcileAt { get; } = new("last_reconcile_at", F.Timestamp, (s, v) => s with { LastReconcileAt = v });
    public static SyncStateColumn<long?> LastReconcileDeleted { get; } = new("last_reconcile_deleted", F.Integer, (s, v) => s with { LastReconcileDeleted = v });
    public static SyncStateColumn<DateTimeOffset?> LastChildSweepAt { get; } = new("last_child_sweep_at", F.Timestamp, (s, v) => s with { LastChildSweepAt = v });
    public static SyncStateColumn<string?> LeaseOwner { get; } = new("lease_owner", F.String, (s, v) => s with { LeaseOwner = v });
    public static SyncStateColumn<DateTimeOffset?> LeaseUntil { get; } = new("lease_until", F.Timestamp, (s, v) => s with { LeaseUntil = v });

    /// <summary>Every column, in table order.</summary>
    public static IReadOnlyList<SyncStateColumn> All { get; } =
    [
        Rows, Cursor, LastSuccessAt, LastPass, LastPassCalls, LastPassChanged, LastError, LastErrorAt,
        PassKind, PassStartedAt, PassSince, PassNext, PassResumeWindows, PassMaxSeen, PagesDone, PagesKnown,
        NextRunAt, LastReconcileAt, LastReconcileDeleted, LastChildSweepAt, LeaseOwner, LeaseUntil,
    ];
}
