using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>Adds a row a rule derives (a project's default task assignments), stamped with the clock; no checks.</summary>
internal static class RowInsert
{
    public static int Insert(SandboxStore store, Table table, IReadOnlyDictionary<string, object?> values, DateTimeOffset now)
    {
        int row = table.Append(table.NextId);
        foreach (var (column, value) in values)
            table.Column(column).Set(row, value);
        foreach (var stamp in new[] { "created_at", "updated_at" })
        {
            if (table.FindColumn(stamp) is TimestampColumn column)
                column[row] = now.ToUnixTimeSeconds();
        }
        table.Touch();
        return row;
    }
}
