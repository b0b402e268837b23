using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>Moves a row's values between a table and a column → value dictionary.</summary>
internal static class RowValues
{
    public static Dictionary<string, object?> Read(Table table, int row)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
            values[column.Name] = column.Get(row);
        return values;
    }

    public static void Write(Table table, int row, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var (name, value) in values)
        {
            if (name != "id")
                table.Column(name).Set(row, value);
        }
        table.Touch();
    }

    /// <summary>Every column null, so rules and defaults see a complete dictionary on create.</summary>
    public static Dictionary<string, object?> Empty(Table table) =>
        table.Columns.ToDictionary(c => c.Name, _ => (object?)null, StringComparer.Ordinal);

    /// <summary>Sets one column of a saved row and bumps its updated_at (a side effect on another row).</summary>
    public static void Change(Table table, int row, string column, object? value, DateTimeOffset now)
    {
        table.Column(column).Set(row, value);
        if (table.FindColumn("updated_at") is TimestampColumn updated)
            updated[row] = now.ToUnixTimeSeconds();
        table.Touch();
    }
}
