using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Small queries the rules share (assignments are small tables, scanned directly).</summary>
internal static class Lookup
{
    /// <summary>The live row of <paramref name="resource"/> with the id, or a 422 naming the field.</summary>
    public static int Row(SandboxStore store, string resource, long? id, string column)
    {
        int row = id is { } found ? store[resource].Find(found) : -1;
        return row >= 0 ? row : throw SandboxProblem.Invalid($"{Labels.Of(column)} does not exist");
    }

    /// <summary>The first live row where every column equals its value, or -1.</summary>
    public static int Where(Table table, params (string Column, long Value)[] conditions)
    {
        var columns = conditions.Select(c => (table.Column<LongColumn>(c.Column), c.Value)).ToArray();
        foreach (int row in table.LiveRows())
        {
            if (columns.All(c => c.Item1.Nullable(row) == c.Value))
                return row;
        }
        return -1;
    }

    public static bool Any(Table table, params (string Column, long Value)[] conditions) => Where(table, conditions) >= 0;
}
