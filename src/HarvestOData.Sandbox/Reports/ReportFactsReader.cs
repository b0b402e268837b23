using HarvestOData.Harvest.Reports;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Reports;

/// <summary>The sandbox's live rows as the report rules read them. Runs under the store's read lock.</summary>
internal static class ReportFactsReader
{
    public static ReportFacts Read(SandboxStore store) => new(
        TimeEntries(store["time_entries"]),
        Expenses(store["expenses"]),
        Projects(store["projects"]),
        Clients(store["clients"]),
        Users(store["users"]),
        Named(store["tasks"], (id, name) => new ReportTask(id, name)),
        Named(store["expense_categories"], (id, name) => new ReportExpenseCategory(id, name)));

    private static List<ReportTimeEntry> TimeEntries(Table t)
    {
        var spent = t.Column<DateColumn>("spent_date");
        var user = t.Column<LongColumn>("user_id");
        var client = t.Column<LongColumn>("client_id");
        var project = t.Column<LongColumn>("project_id");
        var task = t.Column<LongColumn>("task_id");
        var hours = t.Column<DecimalColumn>("hours");
        var rounded = t.Column<DecimalColumn>("rounded_hours");
        var billable = t.Column<BoolColumn>("billable");
        var rate = t.Column<DecimalColumn>("billable_rate");
        var billed = t.Column<BoolColumn>("is_billed");
        var budgeted = t.Column<BoolColumn>("budgeted");
        var running = t.Column<BoolColumn>("is_running");
        return t.LiveRows().Select(r => new ReportTimeEntry(t.Ids[r], DateOnly.FromDayNumber(spent[r]), user[r], client[r], project[r], task[r],
            hours.Nullable(r), rounded.Nullable(r), billable[r], rate.Nullable(r), billed[r], budgeted[r], running[r])).ToList();
    }

    private static List<ReportExpense> Expenses(Table t)
    {
        var spent = t.Column<DateColumn>("spent_date");
        var user = t.Column<LongColumn>("user_id");
        var client = t.Column<LongColumn>("client_id");
        var project = t.Column<LongColumn>("project_id");
        var category = t.Column<LongColumn>("expense_category_id");
        var cost = t.Column<DecimalColumn>("total_cost");
        var billable = t.Column<BoolColumn>("billable");
        var billed = t.Column<BoolColumn>("is_billed");
        return t.LiveRows().Select(r => new ReportExpense(t.Ids[r], DateOnly.FromDayNumber(spent[r]), user[r], client[r], project[r], category[r],
            cost.Nullable(r), billable[r], billed[r])).ToList();
    }

    private static Dictionary<long, ReportProject> Projects(Table t)
    {
        var name = t.Column<StringColumn>("name");
        var code = t.Column<StringColumn>("code");
        var client = t.Column<LongColumn>("client_id");
        var active = t.Column<BoolColumn>("is_active");
        var billable = t.Column<BoolColumn>("is_billable");
        var fixedFee = t.Column<BoolColumn>("is_fixed_fee");
        var budgetBy = t.Column<StringColumn>("budget_by");
        var monthly = t.Column<BoolColumn>("budget_is_monthly");
        var budget = t.Column<DecimalColumn>("budget");
        var costBudget = t.Column<DecimalColumn>("cost_budget");
        var withExpenses = t.Column<BoolColumn>("cost_budget_include_expenses");
        var showAll = t.Column<BoolColumn>("show_budget_to_all");
        return t.LiveRows().ToDictionary(r => t.Ids[r], r => new ReportProject(t.Ids[r], name[r] ?? "", code[r], client[r], active[r], billable[r],
            fixedFee[r], budgetBy[r] ?? "none", monthly[r], budget.Nullable(r), costBudget.Nullable(r), withExpenses[r], showAll[r]));
    }

    private static Dictionary<long, ReportClient> Clients(Table t)
    {
        var name = t.Column<StringColumn>("name");
        var currency = t.Column<StringColumn>("currency");
        return t.LiveRows().ToDictionary(r => t.Ids[r], r => new ReportClient(t.Ids[r], name[r] ?? "", currency[r]));
    }

    private static Dictionary<long, ReportUser> Users(Table t)
    {
        var first = t.Column<StringColumn>("first_name");
        var last = t.Column<StringColumn>("last_name");
        var contractor = t.Column<BoolColumn>("is_contractor");
        var capacity = t.Column<LongColumn>("weekly_capacity");
        var avatar = t.Column<StringColumn>("avatar_url");
        return t.LiveRows().ToDictionary(r => t.Ids[r], r => new ReportUser(t.Ids[r], $"{first[r]} {last[r]}".Trim(), contractor[r],
            capacity.Nullable(r) is { } c ? (int)c : null, avatar[r]));
    }

    private static Dictionary<long, T> Named<T>(Table t, Func<long, string, T> make)
    {
        var name = t.Column<StringColumn>("name");
        return t.LiveRows().ToDictionary(r => t.Ids[r], r => make(t.Ids[r], name[r] ?? ""));
    }
}
