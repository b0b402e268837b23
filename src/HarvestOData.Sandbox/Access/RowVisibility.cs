using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Access;

/// <summary>
/// Which rows of a table a caller sees, from the catalog's <see cref="Grant"/>s: administrators everything, others
/// the union of their role's grants (those needing an access role the caller lacks do not count).
/// </summary>
internal static class RowVisibility
{
    /// <summary>
    /// A row predicate, or null when every row is visible. With <paramref name="listing"/> only listable grants count,
    /// and <paramref name="forbidden"/> says the list endpoint answers 403 because none applies.
    /// </summary>
    public static Func<int, bool>? For(SandboxStore store, Table table, CallerScope scope, bool listing, out bool forbidden)
    {
        forbidden = false;
        var caller = scope.Caller;
        if (caller.IsAdministrator)
            return null;
        var grants = table.Resource.Grants
            .Where(g => g.Audience == caller.Audience && caller.Has(g.Permission) && (g.Listable || !listing))
            .ToList();
        if (grants.Count == 0)
        {
            forbidden = listing;
            return _ => false;
        }
        if (grants.Any(g => g.Set == ScopeSet.Everything))
            return null;
        var tests = grants.Select(g => Test(store, table, scope, g)).ToArray();
        return row =>
        {
            foreach (var test in tests)
            {
                if (test(row))
                    return true;
            }
            return false;
        };
    }

    public static bool CanSee(SandboxStore store, Table table, int row, CallerScope scope) =>
        row >= 0 && (For(store, table, scope, listing: false, out _) is not { } visible || visible(row));

    /// <summary>Whether <paramref name="grant"/> reaches a row.</summary>
    public static Func<int, bool> Test(SandboxStore store, Table table, CallerScope scope, Grant grant)
    {
        if (grant.Set == ScopeSet.Everything)
            return _ => true;
        var column = table.Column<LongColumn>(grant.Column);
        if (grant.Set == ScopeSet.ViaParent)
        {
            var parent = store[table.Resource.Parent!];
            var parentVisible = For(store, parent, scope, listing: false, out _);
            return row =>
            {
                int parentRow = parent.Find(column[row]);
                return parentRow >= 0 && (parentVisible is null || parentVisible(parentRow));
            };
        }
        var ids = scope[grant.Set];
        return row => column.Nullable(row) is { } id && ids.Contains(id);
    }
}
