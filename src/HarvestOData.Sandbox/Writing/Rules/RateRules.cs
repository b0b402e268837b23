using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Billable and cost rates of a user: a start date may not lie in the future, and leaving it out replaces every
/// existing rate. Harvest computes each end date (the day before the next start) and keeps the user's current rate
/// (<paramref name="userColumn"/>) in step.
/// </summary>
internal sealed class RateRules(string userColumn) : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        if (c.Date("start_date") is { } start && start > c.Store.Today)
            throw SandboxProblem.Invalid("Start date can't be in the future");
        if (c.Decimal("amount") < 0)
            throw SandboxProblem.Invalid("Amount can't be negative");
        c["end_date"] = null;
    }

    public override void AfterSave(WriteContext c)
    {
        var table = c.Table;
        long user = c.Id("user_id")!.Value;
        var rates = table.ChildrenOf(user).ToList();
        if (c.Date("start_date") is null)
        {
            foreach (int other in rates.Where(r => r != c.Row))
                table.Remove(other);
            rates = [c.Row];
        }
        var starts = table.Column<DateColumn>("start_date");
        var ends = table.Column<DateColumn>("end_date");
        var ordered = rates.OrderBy(r => starts.Nullable(r) ?? int.MinValue).ThenBy(r => r).ToList();
        for (int i = 0; i < ordered.Count; i++)
            ends.SetNullable(ordered[i], i + 1 < ordered.Count && starts.Nullable(ordered[i + 1]) is { } next ? next - 1 : null);
        table.Touch();
        int today = c.Store.Today.DayNumber;
        int current = ordered.LastOrDefault(r => (starts.Nullable(r) ?? int.MinValue) <= today, -1);
        var users = c.Store["users"];
        if (current >= 0 && users.Find(user) is var userRow and >= 0)
            RowValues.Change(users, userRow, userColumn, table.Column<DecimalColumn>("amount")[current], c.Now);
    }
}
