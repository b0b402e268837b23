using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Expenses: a unit-priced category (mileage) takes units and computes the total; other categories take the total.
/// Client and user assignment follow from the project; billable defaults to true; locked expenses are read-only
/// except for administrators.
/// </summary>
internal sealed class ExpenseRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        if (!c.IsCreate)
            TimeEntryRules.CheckUnlocked(c.Table, c.Before!["is_locked"] as bool? == true, c.Caller);
        if (c.IsCreate)
        {
            c.Default("user_id", c.Caller.UserId);
            c.Default("billable", true);
            c["approval_status"] = "unsubmitted";
        }
        if (c.IsCreate || c.Changed("project_id") || c.Changed("user_id"))
            Assignments.Derive(c, includeTask: false);
        var categories = c.Store["expense_categories"];
        int category = Lookup.Row(c.Store, "expense_categories", c.Id("expense_category_id"), "expense_category_id");
        if (categories.Column<DecimalColumn>("unit_price").Nullable(category) is { } unitPrice)
        {
            if (c.Decimal("units") is not { } units)
                throw SandboxProblem.Invalid("Units can't be blank");
            if (c.IsCreate || c.Changed("units") || c.Changed("expense_category_id"))
                c["total_cost"] = Math.Round(units * unitPrice, 2);
        }
        else
        {
            if (c.Decimal("total_cost") is null)
                throw SandboxProblem.Invalid("Total cost can't be blank");
            c.Default("units", 1m);
        }
        if (c.Decimal("total_cost") < 0 || c.Decimal("units") < 0)
            throw SandboxProblem.Invalid("Total cost and units can't be negative");
    }

    public override void BeforeDelete(DeleteCheck check)
    {
        int project = check.Store["projects"].Find(check.Table.Column<LongColumn>("project_id")[check.Row]);
        if (project < 0 || !check.IsPlanned("projects", project))
            TimeEntryRules.CheckUnlocked(check.Table, check.Table.Column<BoolColumn>("is_locked")[check.Row], check.Caller);
    }
}
