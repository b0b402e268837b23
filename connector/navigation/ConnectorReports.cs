using HarvestOData.Harvest.Reports;

namespace HarvestOData.Connector.Navigation;

/// <summary>One report function as the connector's Reports folder lists it.</summary>
public sealed record ConnectorReport(ReportKind Kind, string Name, Type Row, string Description, IReadOnlyList<ReportParameter> Parameters);

/// <summary>
/// Harvest's ten reports as the server serves them: unbound OData functions at the service root
/// (<c>/odata/TimeReportClients(From=2026-01-01,To=2026-03-31)</c>), each returning the rows of its record in
/// <c>HarvestOData.Harvest.Reports</c>. This list is the only place the connector learns which reports exist and what
/// they take: the build writes it into navigation.json and HarvestOData.pq builds the folder's function items from
/// that, naming no report itself. The server declares the same functions in its model; both follow one contract (names,
/// parameters, row records), which the server's tests can hold against navigation.json as they do for entity sets.
/// </summary>
public static class ConnectorReports
{
    private static readonly ReportParameter[] Window = [ReportParameter.From, ReportParameter.To];
    private static readonly ReportParameter[] TimeWindow = [ReportParameter.From, ReportParameter.To, ReportParameter.IncludeFixedFee];

    public static IReadOnlyList<ConnectorReport> All { get; } = Checked(
    [
        new(ReportKind.TimeClients, "TimeReportClients", typeof(TimeClientsRow),
            "Hours and billable amounts per client (Harvest's time report by client).", TimeWindow),
        new(ReportKind.TimeProjects, "TimeReportProjects", typeof(TimeProjectsRow),
            "Hours and billable amounts per project, with its client (Harvest's time report by project).", TimeWindow),
        new(ReportKind.TimeTasks, "TimeReportTasks", typeof(TimeTasksRow),
            "Hours and billable amounts per task (Harvest's time report by task).", TimeWindow),
        new(ReportKind.TimeTeam, "TimeReportTeam", typeof(TimeTeamRow),
            "Hours and billable amounts per person, with weekly capacity (Harvest's time report by team).", TimeWindow),
        new(ReportKind.ExpenseClients, "ExpenseReportClients", typeof(ExpenseClientsRow),
            "Expense totals and billable amounts per client (Harvest's expense report by client).", Window),
        new(ReportKind.ExpenseProjects, "ExpenseReportProjects", typeof(ExpenseProjectsRow),
            "Expense totals and billable amounts per project (Harvest's expense report by project).", Window),
        new(ReportKind.ExpenseCategories, "ExpenseReportCategories", typeof(ExpenseCategoriesRow),
            "Expense totals and billable amounts per expense category (Harvest's expense report by category).", Window),
        new(ReportKind.ExpenseTeam, "ExpenseReportTeam", typeof(ExpenseTeamRow),
            "Expense totals and billable amounts per person (Harvest's expense report by team).", Window),
        new(ReportKind.Uninvoiced, "UninvoicedReport", typeof(UninvoicedRow),
            "Billable hours, expenses and amounts not yet invoiced, per project (Harvest's uninvoiced report).", Window),
        new(ReportKind.ProjectBudget, "ProjectBudgetReport", typeof(ProjectBudgetRow),
            "Budget, budget spent and budget remaining per project, by its budget type (Harvest's project budget report).",
            [ReportParameter.IsActive]),
    ]);

    /// <summary>
    /// Every report kind once, and optional parameters last: Power Query fills a function's parameters in order, and
    /// an optional one may only be followed by optional ones.
    /// </summary>
    private static IReadOnlyList<ConnectorReport> Checked(IReadOnlyList<ConnectorReport> reports)
    {
        var missing = Enum.GetValues<ReportKind>().Except(reports.Select(r => r.Kind)).ToList();
        if (missing.Count > 0 || reports.Select(r => r.Kind).Distinct().Count() != reports.Count)
            throw new InvalidOperationException($"Describe every report kind exactly once (missing: {string.Join(", ", missing)}).");
        foreach (var report in reports)
        {
            if (report.Parameters.SkipWhile(p => !p.Optional).Any(p => !p.Optional))
                throw new InvalidOperationException($"{report.Name}: a required parameter follows an optional one.");
        }
        return reports;
    }
}
