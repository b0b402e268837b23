using HarvestOData.Harvest.Reports;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.Reports;

/// <summary>
/// The report rules rebuild Harvest's own examples from the entries behind them (one account reconstructed from the
/// examples: Kim and Jane tracking on three projects of two clients at 100 an hour), and apply the role, money,
/// fixed-fee and window rules.
/// </summary>
public sealed class ReportRuleTests
{
    private const long Kim = 1782959, Jane = 1795925, Member = 42;
    private const long Abc = 5735774, Industries = 5735776;
    private const long Mw = 14307913, Os1 = 14308069, Tf = 14808188;
    private static readonly DateOnly Day = new(2017, 6, 1);
    private static readonly ReportWindow Year2017 = new(new DateOnly(2017, 1, 1), new DateOnly(2017, 12, 31));

    private static ReportTimeEntry Entry(long id, long user, long client, long project, long task, decimal hours, bool billable, bool billed, DateOnly? day = null, bool running = false) =>
        new(id, day ?? Day, user, client, project, task, hours, hours, billable, 100m, billed, Budgeted: true, running);

    private static ReportFacts Account(bool tfFixedFee = false) => new(
        [
            Entry(1, Kim, Abc, Mw, 8083365, 2m, billable: true, billed: true),
            Entry(2, Kim, Industries, Os1, 8083366, 1.5m, billable: true, billed: true),
            Entry(3, Kim, Industries, Os1, 8083368, 1.5m, billable: true, billed: true),
            Entry(4, Kim, Industries, Os1, 8083369, 1m, billable: false, billed: false),
            Entry(5, Jane, Industries, Tf, 8083368, 0.5m, billable: true, billed: false),
            Entry(6, Member, Industries, Tf, 8083368, 3m, billable: true, billed: false, day: new DateOnly(2018, 1, 1)),
        ],
        [new ReportExpense(1, Day, Kim, Industries, Os1, 4197501, 100m, Billable: true, IsBilled: false)],
        new Dictionary<long, ReportProject>
        {
            [Mw] = new(Mw, "Marketing Website", "MW", Abc, true, true, false, "project", false, 50m, null, false, false),
            [Os1] = new(Os1, "Online Store - Phase 1", "OS1", Industries, true, true, false, "project", false, 200m, null, false, true),
            [Tf] = new(Tf, "Task Force", "TF", Industries, true, true, tfFixedFee, "none", false, null, null, false, false),
        },
        new Dictionary<long, ReportClient> { [Abc] = new(Abc, "ABC Corp", "USD"), [Industries] = new(Industries, "123 Industries", "EUR") },
        new Dictionary<long, ReportUser>
        {
            [Kim] = new(Kim, "Kim Allen", false, 126000, null),
            [Jane] = new(Jane, "Jane Smith", false, 126000, null),
            [Member] = new(Member, "Mo Member", true, null, null),
        },
        new Dictionary<long, ReportTask>(),
        new Dictionary<long, ReportExpenseCategory> { [4197501] = new(4197501, "Lodging") });

    private static ReportViewer Viewer(long user, string role, params string[] permissions) => new(
        user, new HashSet<string>([role, .. permissions]), new HashSet<long>([Os1]), new HashSet<long>([Os1, Tf]), new HashSet<long>());

    private static readonly ReportViewer Admin = Viewer(7, "administrator");

    [Fact]
    public void Time_by_clients_and_projects_match_Harvests_examples()
    {
        Assert.Equal(ReportJson.ReadPage<TimeClientsRow>(Examples.Text("reports_time_clients.json")).Results,
            HarvestReports.TimeClients(Account(), Admin, Year2017));
        Assert.Equal(ReportJson.ReadPage<TimeProjectsRow>(Examples.Text("reports_time_projects.json")).Results,
            HarvestReports.TimeProjects(Account(), Admin, Year2017));
    }

    [Fact]
    public void Time_by_team_matches_Harvests_example_one_row_per_person_and_currency()
    {
        var expected = ReportJson.ReadPage<TimeTeamRow>(Examples.Text("reports_time_team.json")).Results.Select(r => r with { AvatarUrl = null });
        Assert.Equal(expected, HarvestReports.TimeTeam(Account(), Admin, Year2017));
    }

    [Fact]
    public void Uninvoiced_matches_Harvests_example_non_billable_time_is_never_uninvoiced()
    {
        Assert.Equal(ReportJson.ReadPage<UninvoicedRow>(Examples.Text("reports_uninvoiced.json")).Results,
            HarvestReports.Uninvoiced(Account(), Admin, Year2017));
    }

    [Fact]
    public void Project_budget_matches_Harvests_example_and_skips_projects_without_a_budget()
    {
        Assert.Equal(ReportJson.ReadPage<ProjectBudgetRow>(Examples.Text("reports_project_budget.json")).Results,
            HarvestReports.ProjectBudget(Account(), Admin, new DateOnly(2018, 2, 1)));
    }

    [Fact]
    public void A_member_sees_only_their_own_time_and_no_money()
    {
        var window = new ReportWindow(new DateOnly(2017, 1, 1), new DateOnly(2018, 1, 1));
        var row = Assert.Single(HarvestReports.TimeTeam(Account(), Viewer(Member, "member"), window));
        Assert.Equal((Member, 3m, (string?)null, (decimal?)null), (row.UserId, row.TotalHours, row.Currency, row.BillableAmount));
    }

    [Fact]
    public void A_manager_sees_their_managed_projects_and_money_only_with_the_billable_rates_permission()
    {
        var plain = HarvestReports.TimeProjects(Account(), Viewer(Kim + 1, "manager"), Year2017);
        Assert.Equal([Os1], plain.Select(r => r.ProjectId));
        Assert.Null(plain[0].BillableAmount);
        var withRates = HarvestReports.TimeProjects(Account(), Viewer(Kim + 1, "manager", ReportPermissions.BillableRatesManager), Year2017);
        Assert.Equal(300m, withRates[0].BillableAmount);
    }

    [Fact]
    public void Include_fixed_fee_false_drops_fixed_fee_projects()
    {
        Assert.Contains(HarvestReports.TimeProjects(Account(tfFixedFee: true), Admin, Year2017), r => r.ProjectId == Tf);
        Assert.DoesNotContain(HarvestReports.TimeProjects(Account(tfFixedFee: true), Admin, Year2017, includeFixedFee: false), r => r.ProjectId == Tf);
        Assert.DoesNotContain(HarvestReports.Uninvoiced(Account(tfFixedFee: true), Admin, Year2017, includeFixedFee: false), r => r.ProjectId == Tf);
    }

    [Theory]
    [InlineData(null, "20171231", "The from parameter is required (YYYYMMDD).")]
    [InlineData("20170101", "", "The to parameter is required (YYYYMMDD).")]
    [InlineData("2017-13-01", "20171231", "The from parameter '2017-13-01' is not a date (YYYYMMDD).")]
    [InlineData("20171231", "20170101", "The to date must be on or after the from date.")]
    [InlineData("20170101", "20180102", "The timeframe supplied cannot exceed 1 year (365 days).")]
    public void Invalid_windows_are_refused_with_a_message(string? from, string? to, string message)
    {
        ReportWindow.Parse(from, to, out string? error);
        Assert.Equal(message, error);
    }

    [Fact]
    public void A_leap_calendar_year_is_one_window_and_both_ends_are_inclusive()
    {
        var window = ReportWindow.Parse("20200101", "2020-12-31", out string? error);
        Assert.Null(error);
        Assert.True(window.Contains(new DateOnly(2020, 1, 1)) && window.Contains(new DateOnly(2020, 12, 31)));
        Assert.False(window.Contains(new DateOnly(2021, 1, 1)));
    }
}
