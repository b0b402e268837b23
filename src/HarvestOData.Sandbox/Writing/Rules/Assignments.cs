using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// What a time entry or expense inherits from its project and assignments: the client, the user assignment (the
/// user must be assigned to the project), for time the task assignment (the task must be on the project), the
/// billable flag and the rates in effect.
/// </summary>
internal static class Assignments
{
    public static void Derive(WriteContext c, bool includeTask)
    {
        var store = c.Store;
        int project = Lookup.Row(store, "projects", c.Id("project_id"), "project_id");
        Lookup.Row(store, "users", c.Id("user_id"), "user_id");
        var projects = store["projects"];
        c["client_id"] = projects.Column<LongColumn>("client_id")[project];
        var userAssignments = store["user_assignments"];
        int userAssignment = Lookup.Where(userAssignments, ("project_id", c.Id("project_id")!.Value), ("user_id", c.Id("user_id")!.Value));
        if (userAssignment < 0 || !userAssignments.Column<BoolColumn>("is_active")[userAssignment])
            throw SandboxProblem.Invalid("User is not assigned to this project");
        c["user_assignment_id"] = userAssignments.Ids[userAssignment];
        if (!includeTask)
            return;
        Lookup.Row(store, "tasks", c.Id("task_id"), "task_id");
        var taskAssignments = store["task_assignments"];
        int taskAssignment = Lookup.Where(taskAssignments, ("project_id", c.Id("project_id")!.Value), ("task_id", c.Id("task_id")!.Value));
        if (taskAssignment < 0 || !taskAssignments.Column<BoolColumn>("is_active")[taskAssignment])
            throw SandboxProblem.Invalid("Task is not assigned to this project");
        c["task_assignment_id"] = taskAssignments.Ids[taskAssignment];
        bool billable = projects.Column<BoolColumn>("is_billable")[project] && taskAssignments.Column<BoolColumn>("billable")[taskAssignment];
        c["billable"] = billable;
        c["budgeted"] = projects.Column<StringColumn>("budget_by")[project] != "none";
        c["billable_rate"] = billable ? Rate(store, project, userAssignment, taskAssignment, c.Id("user_id")!.Value) : null;
        var users = store["users"];
        c["cost_rate"] = users.Column<DecimalColumn>("cost_rate").Nullable(users.Find(c.Id("user_id")!.Value));
    }

    private static decimal? Rate(SandboxStore store, int project, int userAssignment, int taskAssignment, long userId)
    {
        var projects = store["projects"];
        return projects.Column<StringColumn>("bill_by")[project] switch
        {
            "Tasks" => store["task_assignments"].Column<DecimalColumn>("hourly_rate").Nullable(taskAssignment),
            "People" => store["user_assignments"].Column<DecimalColumn>("hourly_rate").Nullable(userAssignment)
                ?? store["users"].Column<DecimalColumn>("default_hourly_rate").Nullable(store["users"].Find(userId)),
            "none" => null,
            _ => projects.Column<DecimalColumn>("hourly_rate").Nullable(project),
        };
    }
}
