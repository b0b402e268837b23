using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>User assignments: one per project and user, default rates on; not deletable once the user tracked time or expenses there.</summary>
internal sealed class UserAssignmentRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        if (!c.IsCreate)
            return;
        int user = Lookup.Row(c.Store, "users", c.Id("user_id"), "user_id");
        if (Lookup.Any(c.Table, ("project_id", c.Id("project_id")!.Value), ("user_id", c.Id("user_id")!.Value)))
            throw SandboxProblem.Invalid("User has already been assigned to this project");
        c.Default("use_default_rates", true);
        c.Default("hourly_rate", c.Store["users"].Column<DecimalColumn>("default_hourly_rate").Nullable(user));
    }

    public override void BeforeDelete(DeleteCheck check)
    {
        long project = check.Table.Column<LongColumn>("project_id")[check.Row];
        long user = check.Table.Column<LongColumn>("user_id")[check.Row];
        if (check.Survivor("time_entries", ("project_id", project), ("user_id", user)) || check.Survivor("expenses", ("project_id", project), ("user_id", user)))
            throw SandboxProblem.Invalid("User assignment cannot be deleted: it has time entries or expenses");
    }
}
