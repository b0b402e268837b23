namespace HarvestOData.Harvest.Reports;

/// <summary>
/// Harvest's report rules over in-memory rows, one method per report. These are the reference the sandbox serves and
/// the OData functions' SQL mirrors, so each rule is a plain filter, a group key and a sum:
/// <list type="bullet">
/// <item>Window: <c>from ≤ spent_date ≤ to</c>, inclusive (time reports, expense reports, uninvoiced).</item>
/// <item>Hours: <c>rounded_hours</c>, falling back to <c>hours</c> when it is absent. Harvest fills <c>rounded_hours</c>
/// per the account's Time Rounding setting and equal to <c>hours</c> when rounding is off, and documents report hours as
/// "rounded according to your settings", so the entry's own field already carries the account's choice.</item>
/// <item>Billable hours: hours of entries with <c>billable</c>. Billable amount: Σ hours × the entry's
/// <c>billable_rate</c> (a missing rate counts 0) over billable entries, rounded to cents once per row.</item>
/// <item>Currency: the client's currency; every report groups by its subject and currency (the examples list one subject
/// twice, once per currency).</item>
/// <item>Running timers count with the hours they carry: Harvest's <c>hours</c> includes a running timer's time so far, and
/// the reports are documented as "where tracked time is present", without excluding running ones.</item>
/// <item>Archived projects, clients, tasks and people still report their time: archiving hides them from pickers, not
/// from history.</item>
/// <item>Empty groups: a subject appears only when at least one entry (or expense) of it falls in the window.</item>
/// <item>Order: by the subject's name (case-insensitive ordinal), then id, then currency, as the examples are.</item>
/// </list>
/// </summary>
public static class HarvestReports
{
    private static readonly StringComparer NameOrder = StringComparer.OrdinalIgnoreCase;

    /// <summary>The hours an entry reports: rounded when the account rounds, else as tracked.</summary>
    public static decimal HoursOf(ReportTimeEntry entry) => entry.RoundedHours ?? entry.Hours ?? 0m;

    /// <summary>What the entry adds to a billable amount.</summary>
    public static decimal AmountOf(ReportTimeEntry entry) => entry.Billable ? HoursOf(entry) * (entry.BillableRate ?? 0m) : 0m;

    public static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Time entries a time report of <paramref name="viewer"/> covers. Administrators: all. Managers: their own, their
    /// teammates', and every entry on a project they manage. Members: their own. <paramref name="includeFixedFee"/> is
    /// Harvest's <c>include_fixed_fee</c>, documented as "Whether or not to include fixed-fee projects in the response
    /// (Default: true)": false drops fixed-fee projects' entries altogether; when included they count like any other
    /// (hours × the entry's rate), since the docs name no other arithmetic for them.
    /// </summary>
    public static IEnumerable<ReportTimeEntry> TimeEntriesFor(ReportFacts facts, ReportViewer viewer, ReportWindow window, bool includeFixedFee) =>
        facts.TimeEntries.Where(e => window.Contains(e.SpentDate)
            && SeesWorkOf(viewer, e.UserId, e.ProjectId)
            && (includeFixedFee || !IsFixedFee(facts, e.ProjectId)));

    /// <summary>Expenses an expense report of <paramref name="viewer"/> covers (the same role rule as time).</summary>
    public static IEnumerable<ReportExpense> ExpensesFor(ReportFacts facts, ReportViewer viewer, ReportWindow window) =>
        facts.Expenses.Where(e => window.Contains(e.SpentDate) && SeesWorkOf(viewer, e.UserId, e.ProjectId));

    public static bool SeesWorkOf(ReportViewer viewer, long userId, long projectId) =>
        viewer.IsAdministrator
        || userId == viewer.UserId
        || (viewer.IsManager && (viewer.ManagedProjectIds.Contains(projectId) || viewer.TeammateIds.Contains(userId)));

    public static IReadOnlyList<TimeClientsRow> TimeClients(ReportFacts facts, ReportViewer viewer, ReportWindow window, bool includeFixedFee = true) =>
        TimeEntriesFor(facts, viewer, window, includeFixedFee)
            .GroupBy(e => (e.ClientId, Currency: CurrencyOf(facts, e.ClientId)))
            .Select(g => new TimeClientsRow(g.Key.ClientId, ClientName(facts, g.Key.ClientId),
                g.Sum(HoursOf), g.Where(e => e.Billable).Sum(HoursOf),
                Money(viewer, g.Key.Currency), Money(viewer, Cents(g.Sum(AmountOf)))))
            .OrderBy(r => r.ClientName, NameOrder).ThenBy(r => r.ClientId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    /// <summary>Project names carry the code in brackets (<c>[MW] Marketing Website</c>), as the time and expense examples show.</summary>
    public static IReadOnlyList<TimeProjectsRow> TimeProjects(ReportFacts facts, ReportViewer viewer, ReportWindow window, bool includeFixedFee = true) =>
        TimeEntriesFor(facts, viewer, window, includeFixedFee)
            .GroupBy(e => (e.ProjectId, Currency: CurrencyOf(facts, ClientOfProject(facts, e))))
            .Select(g =>
            {
                long clientId = ClientOfProject(facts, g.First());
                return new TimeProjectsRow(g.Key.ProjectId, CodedProjectName(facts, g.Key.ProjectId), clientId, ClientName(facts, clientId),
                    g.Sum(HoursOf), g.Where(e => e.Billable).Sum(HoursOf),
                    Money(viewer, g.Key.Currency), Money(viewer, Cents(g.Sum(AmountOf))));
            })
            .OrderBy(r => r.ProjectName, NameOrder).ThenBy(r => r.ProjectId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<TimeTasksRow> TimeTasks(ReportFacts facts, ReportViewer viewer, ReportWindow window, bool includeFixedFee = true) =>
        TimeEntriesFor(facts, viewer, window, includeFixedFee)
            .GroupBy(e => (e.TaskId, Currency: CurrencyOf(facts, e.ClientId)))
            .Select(g => new TimeTasksRow(g.Key.TaskId, facts.Tasks.GetValueOrDefault(g.Key.TaskId)?.Name ?? "",
                g.Sum(HoursOf), g.Where(e => e.Billable).Sum(HoursOf),
                Money(viewer, g.Key.Currency), Money(viewer, Cents(g.Sum(AmountOf)))))
            .OrderBy(r => r.TaskName, NameOrder).ThenBy(r => r.TaskId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<TimeTeamRow> TimeTeam(ReportFacts facts, ReportViewer viewer, ReportWindow window, bool includeFixedFee = true) =>
        TimeEntriesFor(facts, viewer, window, includeFixedFee)
            .GroupBy(e => (e.UserId, Currency: CurrencyOf(facts, e.ClientId)))
            .Select(g =>
            {
                var user = facts.Users.GetValueOrDefault(g.Key.UserId);
                return new TimeTeamRow(g.Key.UserId, user?.Name ?? "", user?.IsContractor ?? false,
                    g.Sum(HoursOf), g.Where(e => e.Billable).Sum(HoursOf),
                    Money(viewer, g.Key.Currency), Money(viewer, Cents(g.Sum(AmountOf))), user?.WeeklyCapacity, user?.AvatarUrl);
            })
            .OrderBy(r => r.UserName, NameOrder).ThenBy(r => r.UserId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Expense reports: total_amount is Σ total_cost, billable_amount Σ total_cost of billable expenses. total_amount stays
    /// visible to everyone who may see the expenses (it is what they entered); currency and billable_amount follow the
    /// money rule of the time reports, the docs' only statement about hiding report amounts.
    /// </summary>
    public static IReadOnlyList<ExpenseClientsRow> ExpenseClients(ReportFacts facts, ReportViewer viewer, ReportWindow window) =>
        ExpensesFor(facts, viewer, window)
            .GroupBy(e => (e.ClientId, Currency: CurrencyOf(facts, e.ClientId)))
            .Select(g => new ExpenseClientsRow(g.Key.ClientId, ClientName(facts, g.Key.ClientId),
                Cents(g.Sum(CostOf)), Money(viewer, Cents(g.Where(e => e.Billable).Sum(CostOf))), Money(viewer, g.Key.Currency)))
            .OrderBy(r => r.ClientName, NameOrder).ThenBy(r => r.ClientId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<ExpenseProjectsRow> ExpenseProjects(ReportFacts facts, ReportViewer viewer, ReportWindow window) =>
        ExpensesFor(facts, viewer, window)
            .GroupBy(e => (e.ProjectId, Currency: CurrencyOf(facts, e.ClientId)))
            .Select(g =>
            {
                long clientId = g.First().ClientId;
                return new ExpenseProjectsRow(clientId, ClientName(facts, clientId), g.Key.ProjectId, CodedProjectName(facts, g.Key.ProjectId),
                    Cents(g.Sum(CostOf)), Money(viewer, Cents(g.Where(e => e.Billable).Sum(CostOf))), Money(viewer, g.Key.Currency));
            })
            .OrderBy(r => r.ProjectName, NameOrder).ThenBy(r => r.ProjectId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<ExpenseCategoriesRow> ExpenseCategories(ReportFacts facts, ReportViewer viewer, ReportWindow window) =>
        ExpensesFor(facts, viewer, window)
            .GroupBy(e => (e.ExpenseCategoryId, Currency: CurrencyOf(facts, e.ClientId)))
            .Select(g => new ExpenseCategoriesRow(g.Key.ExpenseCategoryId, facts.ExpenseCategories.GetValueOrDefault(g.Key.ExpenseCategoryId)?.Name ?? "",
                Cents(g.Sum(CostOf)), Money(viewer, Cents(g.Where(e => e.Billable).Sum(CostOf))), Money(viewer, g.Key.Currency)))
            .OrderBy(r => r.ExpenseCategoryName, NameOrder).ThenBy(r => r.ExpenseCategoryId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<ExpenseTeamRow> ExpenseTeam(ReportFacts facts, ReportViewer viewer, ReportWindow window) =>
        ExpensesFor(facts, viewer, window)
            .GroupBy(e => (e.UserId, Currency: CurrencyOf(facts, e.ClientId)))
            .Select(g =>
            {
                var user = facts.Users.GetValueOrDefault(g.Key.UserId);
                return new ExpenseTeamRow(g.Key.UserId, user?.Name ?? "", user?.IsContractor ?? false,
                    Cents(g.Sum(CostOf)), Money(viewer, Cents(g.Where(e => e.Billable).Sum(CostOf))), Money(viewer, g.Key.Currency));
            })
            .OrderBy(r => r.UserName, NameOrder).ThenBy(r => r.UserId).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The uninvoiced report, per billable project (the docs: "for all billable projects") with time or expenses in the
    /// window. Administrators see every project, managers with an invoice permission the projects they manage (whoever
    /// tracked the time); anyone else is refused (<see cref="ReportViewer.MayReadUninvoiced"/>).
    /// total_hours: every entry's hours. uninvoiced_hours: billable entries not yet invoiced (<c>is_billed</c> false);
    /// non-billable time can never be invoiced, which is what the official example shows (4 hours tracked, 3 billable and
    /// invoiced, 0 uninvoiced). uninvoiced_expenses: Σ total_cost of billable, uninvoiced expenses. uninvoiced_amount:
    /// uninvoiced hours × rate plus uninvoiced_expenses. <paramref name="includeFixedFee"/> (default true) as for time.
    /// Project names are plain here, as the uninvoiced example shows.
    /// </summary>
    public static IReadOnlyList<UninvoicedRow> Uninvoiced(ReportFacts facts, ReportViewer viewer, ReportWindow window, bool includeFixedFee = true)
    {
        bool Covers(long projectId) =>
            facts.Projects.TryGetValue(projectId, out var project) && project.IsBillable
            && (includeFixedFee || !project.IsFixedFee)
            && (viewer.IsAdministrator || (viewer.MayReadUninvoiced && viewer.ManagedProjectIds.Contains(projectId)));
        var time = facts.TimeEntries.Where(e => window.Contains(e.SpentDate) && Covers(e.ProjectId)).ToLookup(e => e.ProjectId);
        var expenses = facts.Expenses.Where(e => window.Contains(e.SpentDate) && Covers(e.ProjectId)).ToLookup(e => e.ProjectId);
        return time.Select(g => g.Key).Union(expenses.Select(g => g.Key))
            .Select(projectId =>
            {
                var project = facts.Projects[projectId];
                var entries = time[projectId];
                var open = entries.Where(e => e.Billable && !e.IsBilled).ToList();
                decimal openExpenses = Cents(expenses[projectId].Where(e => e.Billable && !e.IsBilled).Sum(CostOf));
                return new UninvoicedRow(project.ClientId, ClientName(facts, project.ClientId), projectId, project.Name,
                    CurrencyOf(facts, project.ClientId), entries.Sum(HoursOf), open.Sum(HoursOf), openExpenses,
                    Cents(open.Sum(AmountOf)) + openExpenses);
            })
            .OrderBy(r => r.ClientName, NameOrder).ThenBy(r => r.ClientId).ThenBy(r => r.ProjectName, NameOrder).ThenBy(r => r.ProjectId).ToList();
    }

    /// <summary>
    /// The project budget report (no window). Which projects: administrators all; managers the projects they manage plus
    /// assigned ones whose budget is shown to everyone (<c>show_budget_to_all</c>); members assigned ones shown to everyone.
    /// Only projects with a budget (<c>budget_by</c> not "none" and a budget amount) have a row. <paramref name="isActive"/>
    /// filters by the project's <c>is_active</c> when given, as Harvest's <c>is_active</c> parameter does.
    /// Budget and spent by <c>budget_by</c>: "project", "task", "person" are hours budgets (<c>budget</c>; spent =
    /// hours of entries that count toward the budget, <c>budgeted</c>); "project_cost" and "task_fees" are money budgets
    /// (<c>cost_budget</c>; spent = billable amount of those entries, plus billable expenses when
    /// <c>cost_budget_include_expenses</c>). A monthly budget (<c>budget_is_monthly</c>) counts only the month of
    /// <paramref name="today"/>; any other budget counts all time, as a project budget spans the project's life.
    /// </summary>
    public static IReadOnlyList<ProjectBudgetRow> ProjectBudget(ReportFacts facts, ReportViewer viewer, DateOnly today, bool? isActive = null)
    {
        var entries = facts.TimeEntries.Where(e => e.Budgeted).ToLookup(e => e.ProjectId);
        var expenses = facts.Expenses.Where(e => e.Billable).ToLookup(e => e.ProjectId);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        bool InBudgetPeriod(ReportProject project, DateOnly day) =>
            !project.BudgetIsMonthly || (day >= monthStart && day <= monthStart.AddMonths(1).AddDays(-1));
        return facts.Projects.Values
            .Where(p => (isActive is null || p.IsActive == isActive) && SeesBudgetOf(viewer, p) && BudgetOf(p) is not null)
            .Select(p =>
            {
                decimal budget = BudgetOf(p)!.Value;
                var counted = entries[p.Id].Where(e => InBudgetPeriod(p, e.SpentDate));
                decimal spent = IsMoneyBudget(p.BudgetBy)
                    ? Cents(counted.Sum(AmountOf) + (p.CostBudgetIncludeExpenses ? expenses[p.Id].Where(e => InBudgetPeriod(p, e.SpentDate)).Sum(CostOf) : 0m))
                    : counted.Sum(HoursOf);
                return new ProjectBudgetRow(p.Id, p.Name, p.ClientId, ClientName(facts, p.ClientId), p.BudgetIsMonthly, p.BudgetBy,
                    p.IsActive, budget, spent, budget - spent);
            })
            .OrderBy(r => r.ClientName, NameOrder).ThenBy(r => r.ClientId).ThenBy(r => r.ProjectName, NameOrder).ThenBy(r => r.ProjectId).ToList();
    }

    public static bool SeesBudgetOf(ReportViewer viewer, ReportProject project) =>
        viewer.IsAdministrator
        || (viewer.IsManager && viewer.ManagedProjectIds.Contains(project.Id))
        || (project.ShowBudgetToAll && viewer.AssignedProjectIds.Contains(project.Id));

    public static bool IsMoneyBudget(string budgetBy) => budgetBy is "project_cost" or "task_fees";

    /// <summary>The budget a row reports, or null when the project has none.</summary>
    public static decimal? BudgetOf(ReportProject project) =>
        project.BudgetBy == "none" ? null : IsMoneyBudget(project.BudgetBy) ? project.CostBudget : project.Budget;

    private static decimal CostOf(ReportExpense expense) => expense.TotalCost ?? 0m;

    private static bool IsFixedFee(ReportFacts facts, long projectId) =>
        facts.Projects.TryGetValue(projectId, out var project) && project.IsFixedFee;

    private static long ClientOfProject(ReportFacts facts, ReportTimeEntry entry) =>
        facts.Projects.TryGetValue(entry.ProjectId, out var project) ? project.ClientId : entry.ClientId;

    private static string? CurrencyOf(ReportFacts facts, long clientId) => facts.Clients.GetValueOrDefault(clientId)?.Currency;

    private static string ClientName(ReportFacts facts, long clientId) => facts.Clients.GetValueOrDefault(clientId)?.Name ?? "";

    private static string CodedProjectName(ReportFacts facts, long projectId) =>
        facts.Projects.GetValueOrDefault(projectId) is not { } project ? ""
        : string.IsNullOrEmpty(project.Code) ? project.Name : $"[{project.Code}] {project.Name}";

    private static string? Money(ReportViewer viewer, string? currency) => viewer.SeesAmounts ? currency : null;

    private static decimal? Money(ReportViewer viewer, decimal amount) => viewer.SeesAmounts ? amount : null;
}
