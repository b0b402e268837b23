using HarvestOData.Harvest.Reports;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.Reports;

/// <summary>Every official report example (<c>reports_*.json</c>) reads into its typed rows with every value intact.</summary>
public sealed class ReportExampleTests
{
    [Fact]
    public void Every_report_example_has_a_typed_shape()
    {
        var files = Examples.Files.Select(Path.GetFileName).Where(f => f!.StartsWith("reports_", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, files.Count);
        Assert.Equal(files.Order(), ExampleReaders.Keys.Order());
        foreach (var (file, read) in ExampleReaders)
            Assert.True(read(Examples.Text(file)) > 0, file);
    }

    private static readonly Dictionary<string, Func<string, int>> ExampleReaders = new()
    {
        ["reports_time_clients.json"] = t => ReportJson.ReadPage<TimeClientsRow>(t).Results.Count,
        ["reports_time_projects.json"] = t => ReportJson.ReadPage<TimeProjectsRow>(t).Results.Count,
        ["reports_time_tasks.json"] = t => ReportJson.ReadPage<TimeTasksRow>(t).Results.Count,
        ["reports_time_team.json"] = t => ReportJson.ReadPage<TimeTeamRow>(t).Results.Count,
        ["reports_expenses_clients.json"] = t => ReportJson.ReadPage<ExpenseClientsRow>(t).Results.Count,
        ["reports_expenses_projects.json"] = t => ReportJson.ReadPage<ExpenseProjectsRow>(t).Results.Count,
        ["reports_expenses_categories.json"] = t => ReportJson.ReadPage<ExpenseCategoriesRow>(t).Results.Count,
        ["reports_expenses_team.json"] = t => ReportJson.ReadPage<ExpenseTeamRow>(t).Results.Count,
        ["reports_uninvoiced.json"] = t => ReportJson.ReadPage<UninvoicedRow>(t).Results.Count,
        ["reports_project_budget.json"] = t => ReportJson.ReadPage<ProjectBudgetRow>(t).Results.Count,
    };

    [Fact]
    public void Time_by_clients_reads_hours_currency_and_amount()
    {
        var page = ReportJson.ReadPage<TimeClientsRow>(Examples.Text("reports_time_clients.json"));
        Assert.Equal(
            [new TimeClientsRow(5735776, "123 Industries", 4.5m, 3.5m, "EUR", 350m), new TimeClientsRow(5735774, "ABC Corp", 2m, 2m, "USD", 200m)],
            page.Results);
        Assert.Equal((2000, 1, 2, 1), (page.PerPage, page.TotalPages, page.TotalEntries, page.Page));
        Assert.Null(page.NextPage);
        Assert.Null(page.Links.Next);
        Assert.Equal("https://api.harvestapp.com/v2/reports/time/clients?from=20170101&page=1&per_page=2000&to=20171231", page.Links.First);
    }

    [Fact]
    public void Time_by_projects_reads_coded_project_names()
    {
        var rows = ReportJson.ReadPage<TimeProjectsRow>(Examples.Text("reports_time_projects.json")).Results;
        Assert.Equal(3, rows.Count);
        Assert.Equal(new TimeProjectsRow(14308069, "[OS1] Online Store - Phase 1", 5735776, "123 Industries", 4m, 3m, "EUR", 300m), rows[1]);
        Assert.Equal(0.5m, rows[2].TotalHours);
    }

    [Fact]
    public void Time_by_tasks_lists_a_task_once_per_currency()
    {
        var rows = ReportJson.ReadPage<TimeTasksRow>(Examples.Text("reports_time_tasks.json")).Results;
        Assert.Equal(5, rows.Count);
        Assert.Equal([("EUR", 1.5m), ("USD", 0.5m)], rows.Where(r => r.TaskId == 8083368).Select(r => (r.Currency, r.TotalHours)));
        Assert.Equal(new TimeTasksRow(8083369, "Research", 1m, 0m, "EUR", 0m), rows[4]);
    }

    [Fact]
    public void Time_by_team_reads_capacity_avatar_and_contractor_flag()
    {
        var rows = ReportJson.ReadPage<TimeTeamRow>(Examples.Text("reports_time_team.json")).Results;
        Assert.Equal(3, rows.Count);
        var jane = rows[0];
        Assert.Equal((1795925L, "Jane Smith", false, 0.5m, 0.5m, "EUR", (decimal?)50m, (int?)126000),
            (jane.UserId, jane.UserName, jane.IsContractor, jane.TotalHours, jane.BillableHours, jane.Currency, jane.BillableAmount, jane.WeeklyCapacity));
        Assert.Equal("https://cache.harvestapp.com/assets/profile_images/abraj_albait_towers.png?1498516481", jane.AvatarUrl);
    }

    [Fact]
    public void Expense_reports_read_amounts_per_subject_and_currency()
    {
        Assert.Equal(
            [new ExpenseClientsRow(5735776, "123 Industries", 100m, 100m, "EUR"), new ExpenseClientsRow(5735774, "ABC Corp", 133.35m, 133.35m, "USD")],
            ReportJson.ReadPage<ExpenseClientsRow>(Examples.Text("reports_expenses_clients.json")).Results);
        Assert.Equal(
            new ExpenseProjectsRow(5735774, "ABC Corp", 14307913, "[MW] Marketing Website", 133.35m, 133.35m, "USD"),
            ReportJson.ReadPage<ExpenseProjectsRow>(Examples.Text("reports_expenses_projects.json")).Results[0]);
        Assert.Equal(
            [new ExpenseCategoriesRow(4197501, "Lodging", 100m, 100m, "EUR"), new ExpenseCategoriesRow(4195926, "Meals", 100m, 100m, "EUR"),
             new ExpenseCategoriesRow(4195926, "Meals", 33.35m, 33.35m, "USD")],
            ReportJson.ReadPage<ExpenseCategoriesRow>(Examples.Text("reports_expenses_categories.json")).Results);
        Assert.Equal(
            new ExpenseTeamRow(1782959, "Kim Allen", false, 33.35m, 33.35m, "USD"),
            ReportJson.ReadPage<ExpenseTeamRow>(Examples.Text("reports_expenses_team.json")).Results[2]);
    }

    [Fact]
    public void Uninvoiced_reads_hours_expenses_and_amounts()
    {
        var rows = ReportJson.ReadPage<UninvoicedRow>(Examples.Text("reports_uninvoiced.json")).Results;
        Assert.Equal(
            [new UninvoicedRow(5735776, "123 Industries", 14308069, "Online Store - Phase 1", "EUR", 4m, 0m, 100m, 100m),
             new UninvoicedRow(5735776, "123 Industries", 14808188, "Task Force", "EUR", 0.5m, 0.5m, 0m, 50m),
             new UninvoicedRow(5735774, "ABC Corp", 14307913, "Marketing Website", "USD", 2m, 0m, 0m, 0m)],
            rows);
    }

    [Fact]
    public void Project_budget_reads_budget_spent_and_remaining()
    {
        var page = ReportJson.ReadPage<ProjectBudgetRow>(Examples.Text("reports_project_budget.json"));
        Assert.Equal(
            [new ProjectBudgetRow(14308069, "Online Store - Phase 1", 5735776, "123 Industries", false, "project", true, 200m, 4m, 196m),
             new ProjectBudgetRow(14307913, "Marketing Website", 5735774, "ABC Corp", false, "project", true, 50m, 2m, 48m)],
            page.Results);
        Assert.Equal("https://api.harvestapp.com/v2/reports/project_budget?page=1&per_page=2000", page.Links.Last);
    }
}
