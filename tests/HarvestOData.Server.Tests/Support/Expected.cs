using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;

namespace HarvestOData.Server.Tests.Support;

/// <summary>
/// The answers computed independently of the server: LINQ over the sandbox's rows, and who sees which row computed in
/// memory from the catalog's grants (Visibility.cs), never from the server's SQL.
/// </summary>
public sealed class Expected(HarvestSandbox sandbox)
{
    private readonly Dictionary<string, IReadOnlyList<HarvestRecord>> _rows = [];

    public IReadOnlyList<HarvestRecord> Rows(string resource)
    {
        if (!_rows.TryGetValue(resource, out var rows))
            _rows[resource] = rows = resource == "company" ? [sandbox.Data.Company] : sandbox.Data.Rows(resource);
        return rows;
    }

    public HarvestRecord Row(string resource, long id) => Rows(resource).Single(r => r.Id == id);

    public IReadOnlySet<string> AccessRoles(SandboxUser user) =>
        ((string?)Row("users", user.UserId)["access_roles"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private Audience? AudienceOf(SandboxUser user) => user.Role switch
    {
        UserPermissions.Manager => Audience.Manager,
        UserPermissions.Member => Audience.Member,
        _ => null,
    };

    private IEnumerable<Grant> Grants(string resource, SandboxUser user)
    {
        var roles = AccessRoles(user);
        var audience = AudienceOf(user);
        return EntityCatalog.Get(resource).Grants.Where(g => g.Audience == audience && (g.Permission is null || roles.Contains(g.Permission)));
    }

    public bool CanEverSee(string resource, SandboxUser user) => user.Role == UserPermissions.Administrator || Grants(resource, user).Any();

    /// <summary>Ids of <paramref name="resource"/> the user sees, by the catalog's grants.</summary>
    public HashSet<long> Visible(string resource, SandboxUser user)
    {
        var rows = Rows(resource);
        if (user.Role == UserPermissions.Administrator)
            return rows.Select(r => r.Id).ToHashSet();
        var grants = Grants(resource, user).ToList();
        return rows.Where(row => grants.Any(g => Reaches(resource, user, g, row))).Select(r => r.Id).ToHashSet();
    }

    /// <summary>
    /// The columns of <paramref name="row"/> the user is shown: the union of what the grants reaching the row show
    /// (the catalog's <see cref="ResourceDefinition.Shows"/>); every other column must read as null.
    /// </summary>
    public HashSet<string> Shown(string resource, SandboxUser user, HarvestRecord row)
    {
        var definition = EntityCatalog.Get(resource);
        if (user.Role == UserPermissions.Administrator)
            return definition.Fields.Select(f => f.Column).ToHashSet();
        return Grants(resource, user).Where(g => Reaches(resource, user, g, row))
            .SelectMany(g => definition.Fields.Select(f => f.Column).Where(c => definition.Shows(g, c)))
            .ToHashSet();
    }

    private bool Reaches(string resource, SandboxUser user, Grant grant, HarvestRecord row)
    {
        if (grant.Set == ScopeSet.Everything)
            return true;
        if (row[grant.Column] is not long value)
            return false;
        return grant.Set == ScopeSet.ViaParent
            ? Visible(EntityCatalog.Get(resource).Parent!, user).Contains(value)
            : IdSet(grant.Set, user).Contains(value);
    }

    public HashSet<long> IdSet(ScopeSet set, SandboxUser user)
    {
        long me = user.UserId;
        var assignments = Rows("user_assignments");
        HashSet<long> Projects(bool managed) => assignments
            .Where(a => (long)a["user_id"]! == me && (bool)a["is_active"]! && (!managed || (bool)a["is_project_manager"]!))
            .Select(a => (long)a["project_id"]!).ToHashSet();
        HashSet<long> ClientsOf(HashSet<long> projects) => Rows("projects").Where(p => projects.Contains(p.Id)).Select(p => (long)p["client_id"]!).ToHashSet();
        return set switch
        {
            ScopeSet.Self => [me],
            ScopeSet.ManagedProjects => Projects(true),
            ScopeSet.AssignedProjects => Projects(false),
            ScopeSet.ManagedProjectClients => ClientsOf(Projects(true)),
            ScopeSet.AssignedProjectClients => ClientsOf(Projects(false)),
            ScopeSet.AssignedProjectTasks => Rows("task_assignments").Where(t => Projects(false).Contains((long)t["project_id"]!)).Select(t => (long)t["task_id"]!).ToHashSet(),
            ScopeSet.ManagedProjectUsers => assignments.Where(a => Projects(true).Contains((long)a["project_id"]!)).Select(a => (long)a["user_id"]!).Append(me).ToHashSet(),
            _ => throw new ArgumentOutOfRangeException(nameof(set)),
        };
    }
}
