using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Projects: bill_by and budget_by take Harvest's values. A new project gets the default tasks, the users with
/// access to all future projects, and (when a manager creates it) its creator as project manager.
/// </summary>
internal sealed class ProjectRules : ResourceRules
{
    private static readonly HashSet<string> BillBy = ["Project", "Tasks", "People", "none"];
    private static readonly HashSet<string> BudgetBy = ["project", "project_cost", "task", "task_fees", "person", "none"];

    public override void BeforeSave(WriteContext c)
    {
        if (!BillBy.Contains(c.Text("bill_by") ?? ""))
            throw SandboxProblem.Invalid("Bill by must be one of Project, Tasks, People, none");
        if (!BudgetBy.Contains(c.Text("budget_by") ?? ""))
            throw SandboxProblem.Invalid("Budget by must be one of project, project_cost, task, task_fees, person, none");
        if (c.IsCreate)
            c.Default("over_budget_notification_percentage", 80m);
        if (c.Text("name") is { Length: 0 })
            throw SandboxProblem.Invalid("Name can't be blank");
    }

    public override void AfterSave(WriteContext c)
    {
        if (!c.IsCreate)
            return;
        var store = c.Store;
        long project = c.Table.Ids[c.Row];
        var users = store["users"];
        var assigned = new HashSet<long>();
        if (!c.Caller.IsAdministrator)
            Assign(store, project, c.Caller.UserId, manager: true, c.Now, assigned);
        var allFuture = users.Column<BoolColumn>("has_access_to_all_future_projects");
        var active = users.Column<BoolColumn>("is_active");
        foreach (int row in users.LiveRows().Where(r => allFuture[r] && active[r]).ToList())
            Assign(store, project, users.Ids[row], manager: false, c.Now, assigned);
        var tasks = store["tasks"];
        var isDefault = tasks.Column<BoolColumn>("is_default");
        var taskActive = tasks.Column<BoolColumn>("is_active");
        foreach (int row in tasks.LiveRows().Where(r => isDefault[r] && taskActive[r]).ToList())
        {
            RowInsert.Insert(store, store["task_assignments"], new Dictionary<string, object?>
            {
                ["project_id"] = project,
                ["task_id"] = tasks.Ids[row],
                ["is_active"] = true,
                ["billable"] = tasks.Column<BoolColumn>("billable_by_default")[row],
                ["hourly_rate"] = tasks.Column<DecimalColumn>("default_hourly_rate").Nullable(row),
            }, c.Now);
        }
    }

    private static void Assign(SandboxStore store, long project, long user, bool manager, DateTimeOffset now, HashSet<long> assigned)
    {
        if (!assigned.Add(user))
            return;
        var users = store["users"];
        RowInsert.Insert(store, store["user_assignments"], new Dictionary<string, object?>
        {
            ["project_id"] = project,
            ["user_id"] = user,
            ["is_active"] = true,
            ["is_project_manager"] = manager,
            ["use_default_rates"] = true,
            ["hourly_rate"] = users.Column<DecimalColumn>("default_hourly_rate").Nullable(users.Find(user)),
        }, now);
    }
}
