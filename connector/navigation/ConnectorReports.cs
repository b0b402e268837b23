using HarvestOData.Harvest.Reports;

namespace HarvestOData.Connector.Navigation;

/// <summary>One report function as the connector's Reports folder lists it.</summary>
public sealed record ConnectorReport(ReportKind Kind, string Description, IReadOnlyList<ReportParameter> Parameters)
{
    /// <summary>The server's function name, from the list the server's function imports are built from.</summary>
    public string Name => ReportFunctionName.Of(Kind).Name;

    /// <summary>The record the report's rows are made from (its columns and types).</summary>
    public Type Row => ReportFunctionName.Of(Kind).Row;
}

/// <summary>
/// Harvest's ten reports as the server serves them: unbound OData functions at the service root
/// (<c>/odata/TimeReportClients(From=2026-01-01,To=2026-03-31)</c>), each returning the rows of its record in
/// <c>HarvestOData.Harvest.Reports</c>. This list is the only place the connector learns which reports exist and what
/// they take: the build writes it into navigation.json and HarvestOData.pq builds the folder's function items from
/// that, naming no report itself. The names and row records come from <see cref="ReportFunctionName"/>, the list the server declares its
/// functions from; the server's tests hold navigation.json's reports against its $metadata.
/// </summary>
public static class ConnectorReports
{
    private static readonly ReportParameter[] Window = [ReportParameter.From, ReportParameter.To];
    private static readonly ReportParameter[] TimeWindow = [ReportParameter.From, ReportParameter.To, ReportParameter.IncludeFixedFee];

    public static IReadOnlyList<ConnectorReport> All { get; } = Checked(
    [
        new(ReportKind.TimeClients,
            "Hours and billable amounts per client (Harvest's time report by client).", TimeWindow),
        new(ReportKind.TimeProjects,
            "Hours and billable amounts per project, with its client (Harvest's time report by project).", TimeWindow),
        new(ReportKind.TimeTasks,
            "Hours and billable amounts per task (Harvest's time report by task).", TimeWindow),
        new(ReportKind.TimeTeam,
            "Hours and billable amounts per person, with weekly capacity (Harvest's time report by team).", TimeWindow),
        new(ReportKind.ExpenseClients,
            "Expense totals and billable amounts per client (Harvest's expense report by client).", Window),
        new(ReportKind.ExpenseProjects,
            "Expense totals and billable amounts per project (Harvest's expense report by project).", Window),
        new(ReportKind.ExpenseCategories,
            "Expense totals and billable amounts per expense category (Harvest's expense report by category).", Window),
        new(ReportKind.ExpenseTeam,
            "Expense totals and billable amounts per person (Harvest's expense report by team).", Window),
        new(ReportKind.Uninvoiced,
            "Billable hours, expenses and amounts not yet invoiced, per project (Harvest's uninvoiced report).", Window),
        new(ReportKind.ProjectBudget,
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
