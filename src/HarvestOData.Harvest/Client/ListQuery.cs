namespace HarvestOData.Harvest.Client;

/// <summary>Filters of a Harvest list call (docs/harvest.md#filters). Unset members are not sent.</summary>
public sealed record ListQuery
{
    public static ListQuery All { get; } = new();

    /// <summary>Sent as <c>updated_since</c> (ISO 8601, UTC, seconds); Harvest returns rows updated strictly after it.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary><c>from</c>/<c>to</c>: spent_date for time entries and expenses, issue_date for invoices and estimates (inclusive).</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>The parent id of a per-parent resource (<c>invoices/{parent_id}/payments</c>).</summary>
    public long? ParentId { get; init; }

    /// <summary>Rows per page; Harvest allows 1–2000.</summary>
    public int PerPage { get; init; } = 2000;

    /// <summary>Other documented filters, sent verbatim (<c>user_id</c>, <c>is_active</c>, <c>project_id</c>…).</summary>
    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>();
}
