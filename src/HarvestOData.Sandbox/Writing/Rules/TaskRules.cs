namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Tasks: billable by default; a task goes with its assignments (its time entries refuse the delete).</summary>
internal sealed class TaskRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        if (c.IsCreate)
        {
            c.Default("billable_by_default", true);
            c.Default("default_hourly_rate", 0m);
        }
        if (c.Text("name") is { Length: 0 })
            throw Protocol.SandboxProblem.Invalid("Name can't be blank");
    }

    public override IEnumerable<(string Resource, string Column)> AlsoDeletes => [("task_assignments", "task_id")];
}
