namespace HarvestOData.Harvest.Reports;

/// <summary>
/// How the OData service publishes each report: the name of its unbound function
/// (<c>/odata/TimeReportClients(From=…,To=…)</c>) and the record its rows are made from. The server's function imports
/// and the connector's Reports folder both read this one list, so they cannot drift apart.
/// </summary>
public sealed record ReportFunctionName(ReportKind Kind, string Name, Type Row)
{
    public static IReadOnlyList<ReportFunctionName> All { get; } =
    [
        new(ReportKind.TimeClients, "TimeReportClients", typeof(TimeClientsRow)),
        new(ReportKind.TimeProjects, "TimeReportProjects", typeof(TimeProjectsRow)),
        new(ReportKind.TimeTasks, "TimeReportTasks", typeof(TimeTasksRow)),
        new(ReportKind.TimeTeam, "TimeReportTeam", typeof(TimeTeamRow)),
        new(ReportKind.ExpenseClients, "ExpenseReportClients", typeof(ExpenseClientsRow)),
        new(ReportKind.ExpenseProjects, "ExpenseReportProjects", typeof(ExpenseProjectsRow)),
        new(ReportKind.ExpenseCategories, "ExpenseReportCategories", typeof(ExpenseCategoriesRow)),
        new(ReportKind.ExpenseTeam, "ExpenseReportTeam", typeof(ExpenseTeamRow)),
        new(ReportKind.Uninvoiced, "UninvoicedReport", typeof(UninvoicedRow)),
        new(ReportKind.ProjectBudget, "ProjectBudgetReport", typeof(ProjectBudgetRow)),
    ];

    public static ReportFunctionName Of(ReportKind kind) => All.Single(r => r.Kind == kind);
}
