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
        var visible = new HashSet<long>();
        foreach (var row in rows)
        {
            foreach (var grant in grants)
            {
                if (grant.Set == ScopeSet.Everything)
                {
                    visible.Add(row.Id);
                    break;
                }
                if (row[grant.Column] is not long value)
                    continue;
                bool ok = grant.Set == ScopeSet.ViaParent
                    ? Visible(EntityCatalog.Get(resource).Parent!, user).Contains(value)
                    : IdSet(grant.Set, user).Contains(value);
                if (ok)
                {
                    visible.Add(row.Id);
                    break;
                }
            }
        }
        return visible;
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
