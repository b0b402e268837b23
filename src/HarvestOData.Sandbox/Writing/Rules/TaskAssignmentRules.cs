using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Task assignments: one per project and task, rate from the task; not deletable once time is tracked on it.</summary>
internal sealed class TaskAssignmentRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        if (!c.IsCreate)
            return;
        int task = Lookup.Row(c.Store, "tasks", c.Id("task_id"), "task_id");
        if (Lookup.Any(c.Table, ("project_id", c.Id("project_id")!.Value), ("task_id", c.Id("task_id")!.Value)))
            throw SandboxProblem.Invalid("Task has already been assigned to this project");
        c.Default("hourly_rate", c.Store["tasks"].Column<DecimalColumn>("default_hourly_rate").Nullable(task));
    }

    public override void BeforeDelete(DeleteCheck check)
    {
        long project = check.Table.Column<LongColumn>("project_id")[check.Row];
        long task = check.Table.Column<LongColumn>("task_id")[check.Row];
        if (check.Survivor("time_entries", ("project_id", project), ("task_id", task)))
            throw SandboxProblem.Invalid("Task assignment cannot be deleted: it has time entries");
    }
}
