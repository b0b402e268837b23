using System.Runtime.CompilerServices;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Reading;

/// <summary>
/// Harvest's fixed list orders (docs/harvest.md#paging): newest created first (id descending) for most lists, spent date
/// descending for time entries and expenses, start date ascending for billable and cost rates. Whole-table orders
/// are cached until the table changes.
/// </summary>
internal static class RowOrder
{
    private static readonly ConditionalWeakTable<Table, CachedOrder> Cache = new();

    public static bool IsIdDescending(ResourceDefinition resource) => KeyColumn(resource) is null;

    /// <summary>Every live row of the table in list order.</summary>
    public static IReadOnlyList<int> All(Table table)
    {
        var cached = Cache.GetValue(table, _ => new CachedOrder());
        lock (cached)
        {
            if (cached.Version != table.Version || cached.Rows is null)
            {
                cached.Rows = Sort(table, table.LiveRows());
                cached.Version = table.Version;
            }
            return cached.Rows;
        }
    }

    /// <summary>The given live rows in list order.</summary>
    public static int[] Sort(Table table, IEnumerable<int> rows)
    {
        var key = KeyColumn(table.Resource) is { } name ? table.Column<DateColumn>(name) : null;
        if (key is null)
        {
            var byId = rows.ToArray();
            Array.Sort(byId);
            Array.Reverse(byId);
            return byId;
        }
        bool ascending = table.Resource.Name is "billable_rates" or "cost_rates";
        // Rows are in id order, so (day, row) sorts like (day, id); a missing day sorts first.
        var keys = rows.Select(row => ((long)(key.Nullable(row) ?? -1) << 32) | (uint)row).ToArray();
        Array.Sort(keys);
        if (!ascending)
            Array.Reverse(keys);
        return keys.Select(k => (int)(uint)k).ToArray();
    }

    private static string? KeyColumn(ResourceDefinition resource) => resource.Name switch
    {
        "time_entries" or "expenses" => "spent_date",
        "billable_rates" or "cost_rates" => "start_date",
        _ => null,
    };

    private sealed class CachedOrder
    {
        public long Version { get; set; } = -1;

        public int[]? Rows { get; set; }
    }
}
