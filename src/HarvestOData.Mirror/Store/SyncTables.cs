using HarvestOData.Harvest.Catalog;
using F = HarvestOData.Harvest.Catalog.FieldType;

namespace HarvestOData.Mirror.Store;

/// <summary>A bookkeeping table of the mirror (not a Harvest resource), described the way the catalog describes resources.</summary>
internal sealed record SyncTable(string Name, IReadOnlyList<(string Column, FieldType Type, bool Nullable)> Columns, IReadOnlyList<string> Key, bool Autoincrement = false);

/// <summary>
/// The sync engine's own tables, next to the resource tables so state and data commit together:
/// <c>sync_state</c> (one row per resource: watermark, progress, last result, lease), <c>sync_deletions</c> (what the
/// deletion check removed), <c>sync_parent_queue</c> (parents whose per-parent lists must be re-read) and
/// <c>mirror_meta</c> (schema fingerprint).
/// </summary>
internal static class SyncTables
{
    public const string State = "sync_state";
    public const string Deletions = "sync_deletions";
    public const string ParentQueue = "sync_parent_queue";
    public const string Meta = "mirror_meta";

    public static IReadOnlyList<SyncTable> All { get; } =
    [
        new(State,
        [
            ("resource", F.String, false), ("rows", F.Integer, false),
            ("cursor", F.Timestamp, true),
            ("last_success_at", F.Timestamp, true), ("last_pass", F.String, true),
            ("last_pass_calls", F.Integer, true), ("last_pass_changed", F.Integer, true),
            ("last_error", F.String, true), ("last_error_at", F.Timestamp, true),
            ("pass_kind", F.String, true), ("pass_started_at", F.Timestamp, true), ("pass_since", F.Timestamp, true),
            ("pass_next", F.String, true), ("pass_resume_windows", F.String, true), ("pass_max_seen", F.Timestamp, true),
            ("pages_done", F.Integer, true), ("pages_known", F.Integer, true),
            ("next_run_at", F.Timestamp, true),
            ("last_reconcile_at", F.Timestamp, true), ("last_reconcile_deleted", F.Integer, true),
            ("last_child_sweep_at", F.Timestamp, true),
            ("lease_owner", F.String, true), ("lease_until", F.Timestamp, true),
        ], ["resource"]),
        new(Deletions,
        [
            ("id", F.Id, false), ("resource", F.String, false), ("row_id", F.Id, false),
            ("deleted_at", F.Timestamp, false), ("reason", F.String, false),
        ], ["id"], Autoincrement: true),
        new(ParentQueue, [("resource", F.String, false), ("parent_id", F.Id, false)], ["resource", "parent_id"]),
        new(Meta, [("key", F.String, false), ("value", F.String, false)], ["key"]),
    ];
}
