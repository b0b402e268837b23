namespace HarvestOData.Harvest.Reports;

/// <summary>The ten reports of Harvest's Reports API, each with its path below <c>/v2/</c>.</summary>
public enum ReportKind
{
    TimeClients,
    TimeProjects,
    TimeTasks,
    TimeTeam,
    ExpenseClients,
    ExpenseProjects,
    ExpenseCategories,
    ExpenseTeam,
    Uninvoiced,
    ProjectBudget,
}

public static class ReportPaths
{
    public static IReadOnlyDictionary<string, ReportKind> ByPath { get; } = new Dictionary<string, ReportKind>(StringComparer.Ordinal)
    {
        ["reports/time/clients"] = ReportKind.TimeClients,
        ["reports/time/projects"] = ReportKind.TimeProjects,
        ["reports/time/tasks"] = ReportKind.TimeTasks,
        ["reports/time/team"] = ReportKind.TimeTeam,
        ["reports/expenses/clients"] = ReportKind.ExpenseClients,
        ["reports/expenses/projects"] = ReportKind.ExpenseProjects,
        ["reports/expenses/categories"] = ReportKind.ExpenseCategories,
        ["reports/expenses/team"] = ReportKind.ExpenseTeam,
        ["reports/uninvoiced"] = ReportKind.Uninvoiced,
        ["reports/project_budget"] = ReportKind.ProjectBudget,
    };

    /// <summary>Whether a path (below <c>/v2/</c>) is a Reports API call, which Harvest throttles on its own budget.</summary>
    public static bool IsReport(string path) => path.TrimStart('/').StartsWith("reports/", StringComparison.Ordinal);

    public static string PathOf(ReportKind kind) => ByPath.First(p => p.Value == kind).Key;
}
