using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Access;

/// <summary>
/// The id sets of <see cref="ScopeSet"/> for one caller, computed in memory from the assignments (the OData layer
/// computes the same sets in SQL). Built under the store's read lock, per request.
/// </summary>
internal sealed class CallerScope(SandboxStore store, Caller caller)
{
    private readonly Dictionary<ScopeSet, HashSet<long>> _sets = [];

    public Caller Caller => caller;

    public HashSet<long> this[ScopeSet set]
    {
        get
        {
            if (!_sets.TryGetValue(set, out var ids))
                _sets[set] = ids = Compute(set);
            return ids;
        }
    }

    private HashSet<long> Compute(ScopeSet set) => set switch
    {
        ScopeSet.Self => [caller.UserId],
        ScopeSet.ManagedProjects => ProjectsOfCaller(managedOnly: true),
        ScopeSet.AssignedProjects => ProjectsOfCaller(managedOnly: false),
        ScopeSet.ManagedProjectClients => ClientsOf(this[ScopeSet.ManagedProjects]),
        ScopeSet.AssignedProjectClients => ClientsOf(this[ScopeSet.AssignedProjects]),
        ScopeSet.AssignedProjectTasks => TasksOf(this[ScopeSet.AssignedProjects]),
        ScopeSet.ManagedProjectUsers => UsersOf(this[ScopeSet.ManagedProjects]),
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "Not an id set."),
    };

    private HashSet<long> ProjectsOfCaller(bool managedOnly)
    {
        var assignments = store["user_assignments"];
        var users = assignments.Column<LongColumn>("user_id");
        var projects = assignments.Column<LongColumn>("project_id");
        var active = assignments.Column<BoolColumn>("is_active");
        var manager = assignments.Column<BoolColumn>("is_project_manager");
        var ids = new HashSet<long>();
        foreach (int row in assignments.LiveRows())
        {
            if (users[row] == caller.UserId && active[row] && (!managedOnly || manager[row]))
                ids.Add(projects[row]);
        }
        return ids;
    }

    private HashSet<long> ClientsOf(HashSet<long> projectIds)
    {
        var projects = store["projects"];
        var clients = projects.Column<LongColumn>("client_id");
        return projectIds.Select(projects.Find).Where(row => row >= 0).Select(row => clients[row]).ToHashSet();
    }

    private HashSet<long> TasksOf(HashSet<long> projectIds)
    {
        var assignments = store["task_assignments"];
        var projects = assignments.Column<LongColumn>("project_id");
        var tasks = assignments.Column<LongColumn>("task_id");
        return assignments.LiveRows().Where(row => projectIds.Contains(projects[row])).Select(row => tasks[row]).ToHashSet();
    }

    private HashSet<long> UsersOf(HashSet<long> projectIds)
    {
        var assignments = store["user_assignments"];
        var projects = assignments.Column<LongColumn>("project_id");
        var users = assignments.Column<LongColumn>("user_id");
        var ids = assignments.LiveRows().Where(row => projectIds.Contains(projects[row])).Select(row => users[row]).ToHashSet();
        ids.Add(caller.UserId);
        return ids;
    }
}
