using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Auth;
using HarvestOData.Server.OData.Model;

namespace HarvestOData.Server.OData.Query.Scope;

/// <summary>
/// Which rows of each set the caller sees, as SQL over the mirror (Visibility.cs; the sandbox computes the same sets in
/// memory). Administrators see everything; managers and members the union of their role's grants, listable or not,
/// each counting only when the caller holds the grant's permission. A set with no such grant is never visible: asking
/// for it directly answers 403, reaching it inside a query ($expand, $filter paths, any/all) finds nothing.
/// Columns are scoped too (<see cref="Source"/>): a field no grant reaching a row shows reads as NULL for that row on
/// every path, so a hidden value can be neither selected nor probed by $filter, $orderby, $apply, $search or a join.
/// </summary>
public sealed class RowScope(Caller caller, ServiceModel model)
{
    public Caller Caller { get; } = caller;

    public static RowScope Administrator(ServiceModel model) =>
        new(new Caller(0, new HashSet<string> { UserPermissions.Administrator }), model);

    /// <summary>False when no grant of the caller's role applies to the set at all.</summary>
    public bool CanEverSee(EntitySetMap set) => Caller.IsAdministrator || Grants(set).Any();

    /// <summary>A SQL predicate over <paramref name="alias"/> (the dialect's true when every row is visible, false when none is).</summary>
    public string Predicate(EntitySetMap set, string alias, SqlContext sql)
    {
        if (Caller.IsAdministrator)
            return sql.Dialect.True;
        var grants = Grants(set).ToList();
        if (grants.Count == 0)
            return sql.Dialect.False;
        if (grants.Any(g => g.Set == ScopeSet.Everything))
            return sql.Dialect.True;
        var parts = grants.Select(g => GrantPredicate(set, g, alias, sql)).Distinct().ToList();
        return parts.Count == 1 ? parts[0] : "(" + string.Join(" OR ", parts) + ")";
    }

    /// <summary>
    /// What a query reads <paramref name="set"/> from (<c>"projects"</c>, to be followed by <c>AS alias</c>): the table,
    /// or where the caller's grants hide some columns of some rows, a derived table of the same columns in which each
    /// hidden value is NULL. NULL rather than an error keeps a feed mixing whole and embedded rows (a manager's managed and
    /// merely assigned projects) well typed, and makes a probe (<c>$filter=Fee gt 1000</c>) match nothing it should not.
    /// The row predicate still applies on top: it reads grant columns, which every grant shows (the catalog's tests hold it).
    /// </summary>
    public string Source(EntitySetMap set, SqlContext sql)
    {
        string table = SqlContext.Quote(set.Table);
        if (Caller.IsAdministrator)
            return table;
        var grants = Grants(set).ToList();
        var resource = set.Resource;
        var masked = resource.Fields
            .Where(f => grants.Any(g => !resource.Shows(g, f.Column)) && !grants.Any(g => g.Set == ScopeSet.Everything && resource.Shows(g, f.Column)))
            .ToList();
        if (grants.Count == 0 || masked.Count == 0)
            return table;
        string s = sql.NewAlias();
        var columns = resource.Fields.Select(f =>
        {
            string column = s + "." + SqlContext.Quote(f.Column);
            if (!masked.Contains(f))
                return column;
            var showing = grants.Where(g => resource.Shows(g, f.Column)).Select(g => GrantPredicate(set, g, s, sql)).Distinct().ToList();
            return showing.Count == 0
                ? $"{sql.Dialect.Null(f.Type)} AS {SqlContext.Quote(f.Column)}"
                : $"CASE WHEN {string.Join(" OR ", showing)} THEN {column} END AS {SqlContext.Quote(f.Column)}";
        });
        // The row version is no field of Harvest's; it only makes the entity tag, and only where updated_at shows.
        if (HarvestOData.Mirror.Store.RowVersion.Applies(resource))
            columns = columns.Append(s + "." + SqlContext.Quote(HarvestOData.Mirror.Store.RowVersion.Column));
        return $"(SELECT {string.Join(", ", columns)} FROM {table} AS {s})";
    }

    /// <summary><c>1</c> for administrators: lets callers skip the predicate entirely.</summary>
    public bool SeesEverything(EntitySetMap set) =>
        Caller.IsAdministrator || Grants(set).Any(g => g.Set == ScopeSet.Everything);

    private IEnumerable<Grant> Grants(EntitySetMap set) =>
        set.Resource.Grants.Where(g => g.Audience == Caller.Audience && Caller.Has(g.Permission));

    private string GrantPredicate(EntitySetMap set, Grant grant, string alias, SqlContext sql)
    {
        string column = alias + "." + SqlContext.Quote(grant.Column);
        if (grant.Set == ScopeSet.ViaParent)
        {
            var parent = model.ForResource(EntityCatalog.Get(set.Resource.Parent!));
            string p = sql.NewAlias();
            return $"{column} IN (SELECT {p}.\"id\" FROM {SqlContext.Quote(parent.Table)} AS {p} WHERE {Predicate(parent, p, sql)})";
        }
        return $"{column} IN ({IdSet(grant.Set, sql)})";
    }

    /// <summary>The ids of a <see cref="ScopeSet"/> as a subquery (CallerScope.cs in the sandbox is the in-memory twin).</summary>
    private static string IdSet(ScopeSet set, SqlContext sql)
    {
        string me = sql.Add(sql.Scope.Caller.UserId);
        return set switch
        {
            ScopeSet.Self => $"SELECT {me}",
            ScopeSet.ManagedProjects => Projects(me, managedOnly: true, sql),
            ScopeSet.AssignedProjects => Projects(me, managedOnly: false, sql),
            ScopeSet.ManagedProjectClients => $"SELECT \"client_id\" FROM \"projects\" WHERE \"id\" IN ({Projects(me, true, sql)})",
            ScopeSet.AssignedProjectClients => $"SELECT \"client_id\" FROM \"projects\" WHERE \"id\" IN ({Projects(me, false, sql)})",
            ScopeSet.AssignedProjectTasks => $"SELECT \"task_id\" FROM \"task_assignments\" WHERE \"project_id\" IN ({Projects(me, false, sql)})",
            ScopeSet.ManagedProjectUsers =>
                $"SELECT \"user_id\" FROM \"user_assignments\" WHERE \"project_id\" IN ({Projects(me, true, sql)}) UNION SELECT {me}",
            _ => throw new ArgumentOutOfRangeException(nameof(set), set, "Not an id set."),
        };
    }

    private static string Projects(string me, bool managedOnly, SqlContext sql) =>
        $"SELECT \"project_id\" FROM \"user_assignments\" WHERE \"user_id\" = {me} AND {sql.Dialect.IsTrue("\"is_active\"")}"
        + (managedOnly ? $" AND {sql.Dialect.IsTrue("\"is_project_manager\"")}" : "");
}
