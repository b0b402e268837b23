using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using F = HarvestOData.Harvest.Catalog.FieldType;

namespace HarvestOData.Mirror.Store;

/// <summary>A bookkeeping table of the mirror (not a Harvest resource), described the way the catalog describes resources.</summary>
internal sealed record SyncTable(string Name, IReadOnlyList<(string Column, FieldType Type, bool Nullable)> Columns, IReadOnlyList<string> Key, bool Autoincrement = false);

/// <summary>
/// The sync engine's own tables, next to the resource tables so state and data commit together:
/// <c>sync_state</c> (one row per resource: watermark, progress, last result, lease; its columns are <see cref="SyncStateColumns"/>), <c>sync_deletions</c> (what the
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
        new(State, [("resource", F.String, false), .. SyncStateColumns.All.Select(c => (c.Name, c.Type, c.Nullable))], ["resource"]),
        new(Deletions,
        [
            ("id", F.Id, false), ("resource", F.String, false), ("row_id", F.Id, false),
            ("deleted_at", F.Timestamp, false), ("reason", F.String, false),
        ], ["id"], Autoincrement: true),
        new(ParentQueue, [("resource", F.String, false), ("parent_id", F.Id, false)], ["resource", "parent_id"]),
        new(Meta, [("key", F.String, false), ("value", F.String, false)], ["key"]),
    ];
}
