using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Access;

/// <summary>
/// Which fields of a row a caller is shown: the union of what the grants reaching the row show
/// (<see cref="ResourceDefinition.Shows"/>). A member meets an assigned project only inside other payloads, so Harvest
/// shows them its embedded shape (<c>{"id", "name", "code"}</c>), never its fee or notes. The OData layer computes the same
/// in SQL (RowScope.Source); tests compare the two.
/// </summary>
internal static class FieldVisibility
{
    /// <summary>Per row, the columns shown; null when the caller is shown every field of every row they see.</summary>
    public static Func<int, IReadOnlySet<string>>? For(SandboxStore store, Table table, CallerScope scope)
    {
        var caller = scope.Caller;
        if (caller.IsAdministrator)
            return null;
        var resource = table.Resource;
        var grants = resource.Grants.Where(g => g.Audience == caller.Audience && caller.Has(g.Permission)).ToList();
        if (grants.Count == 0 || resource.Fields.All(f => grants.All(g => resource.Shows(g, f.Column))))
            return null;
        var reaches = grants
            .Select(g => (Test: RowVisibility.Test(store, table, scope, g),
                Columns: resource.Fields.Select(f => f.Column).Where(c => resource.Shows(g, c)).ToArray()))
            .ToArray();
        return row =>
        {
            var shown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (test, columns) in reaches)
            {
                if (test(row))
                    shown.UnionWith(columns);
            }
            return shown;
        };
    }
}
