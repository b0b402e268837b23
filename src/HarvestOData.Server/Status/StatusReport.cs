namespace HarvestOData.Server.Status;

/// <summary>
/// Everything the status page shows, built in one place (<see cref="StatusReader"/>) and rendered twice: to HTML by
/// <see cref="StatusPage"/> and to JSON (<c>GET /status</c>, <c>status --json</c>) by System.Text.Json. No secrets.
/// </summary>
public sealed record StatusReport
{
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary><c>sandbox</c> (embedded demo Harvest) or <c>harvest</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Where Excel, Power BI and the connector connect; null when not answering a request (CLI).</summary>
    public StatusLinks? Links { get; init; }

    /// <summary>Whether every resource has finished its first full pass (what <c>/healthz/ready</c> answers).</summary>
    public required bool Ready { get; init; }

    public required IReadOnlyList<ResourceStatus> Resources { get; init; }

    /// <summary>The rate gate's use over the last minutes; null when this process has no gate metrics (CLI).</summary>
    public ThrottleStatus? Throttle { get; init; }

    /// <summary>The latest rows the deletion checks removed, newest first, grouped by resource, reason and time.</summary>
    public required IReadOnlyList<DeletionEntry> Deletions { get; init; }
}

/// <summary>
/// Absolute URLs from the request: the OData feed to paste into Excel, its <c>$metadata</c>, the connector download,
/// and Hangfire's dashboard (null when this server runs no jobs).
/// </summary>
public sealed record StatusLinks(string Feed, string Metadata, string Connector, string? Jobs = null);

/// <summary>One resource's mirror state.</summary>
public sealed record ResourceStatus
{
    /// <summary>Catalog name and mirror table (<c>time_entries</c>).</summary>
    public required string Name { get; init; }

    public required string EntitySet { get; init; }

    /// <summary>For a resource embedded in its parent's payload (invoice line items): the parent it is synced with.</summary>
    public string? SyncedWith { get; init; }

    public required long Rows { get; init; }

    /// <summary><c>running</c>, <c>failed</c> (the last pass failed), <c>ok</c>, or <c>waiting</c> (never passed yet).</summary>
    public required string State { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>The kind of the last successful pass: full, incremental, refresh, children or reconcile.</summary>
    public string? LastPass { get; init; }

    public long? LastPassCalls { get; init; }

    public long? LastPassChanged { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>The pass in flight; null when none runs.</summary>
    public PassProgress? Progress { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    public DateTimeOffset? LastReconcileAt { get; init; }

    public long? LastReconcileDeleted { get; init; }
}

/// <summary>A running pass: pages done of pages known (unknown until Harvest's first page says how many).</summary>
public sealed record PassProgress(string Phase, int PagesDone, int? PagesKnown, long Changed, int Calls, DateTimeOffset? StartedAt)
{
    public int? Percent => PagesKnown is > 0 and var known ? Math.Min(100, PagesDone * 100 / known) : null;
}

/// <summary>The rate gate of the sync account: calls and throttle answers per window against the limit.</summary>
public sealed record ThrottleStatus(int Limit, double WindowSeconds, DateTimeOffset? BlockedUntil, IReadOnlyList<ThrottleWindow> Windows)
{
    public long Calls => Windows.Sum(w => (long)w.Calls);

    public long Throttles => Windows.Sum(w => (long)w.Throttles);
}

/// <summary>One window of the throttle chart: calls let through and 429/503 answers honoured in it.</summary>
public sealed record ThrottleWindow(DateTimeOffset Start, int Calls, int Throttles);

/// <summary>Rows a deletion check (or a refresh) removed from the mirror at one moment for one reason.</summary>
public sealed record DeletionEntry(string Resource, string Reason, DateTimeOffset At, long Rows);
