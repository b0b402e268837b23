namespace HarvestOData.Server.Tests.Reports;

[CollectionDefinition(Name)]
public sealed class ReportCollection : ICollectionFixture<ReportFixture>
{
    public const string Name = "Reports over a synced sandbox";

    /// <summary>Each report function and the Harvest endpoint (below /v2/) it stands for.</summary>
    public static readonly IReadOnlyList<(string Function, string Harvest)> Reports =
    [
        ("TimeReportClients", "reports/time/clients"),
        ("TimeReportProjects", "reports/time/projects"),
        ("TimeReportTasks", "reports/time/tasks"),
        ("TimeReportTeam", "reports/time/team"),
        ("ExpenseReportClients", "reports/expenses/clients"),
        ("ExpenseReportProjects", "reports/expenses/projects"),
        ("ExpenseReportCategories", "reports/expenses/categories"),
        ("ExpenseReportTeam", "reports/expenses/team"),
        ("UninvoicedReport", "reports/uninvoiced"),
        ("ProjectBudgetReport", "reports/project_budget"),
    ];
}

[CollectionDefinition(Name)]
public sealed class PostgresReportCollection : ICollectionFixture<PostgresReportFixture>
{
    public const string Name = "Reports over a sandbox synced into PostgreSQL";
}
