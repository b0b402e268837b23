using System.Globalization;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.Reports;

/// <summary>
/// Every report function answers, for each role, exactly the rows the sandbox's <c>/v2/reports/*</c> answers that same
/// caller for the same window and parameters, in the same order, computed from the mirror without a single Harvest call.
/// </summary>
public abstract class ReportParityTests(ReportFixture fixture)
{
    public static TheoryData<string> Roles => new() { "administrator", "manager", "member" };

    /// <summary>The windows asked: the longest Harvest takes (365 days up to today), and last quarter.</summary>
    private IEnumerable<(DateOnly From, DateOnly To)> Windows()
    {
        var today = fixture.Today;
        yield return (today.AddDays(-365), today);
        var quarter = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        yield return (quarter, quarter.AddMonths(3).AddDays(-1));
    }

    /// <summary>(OData URL, Harvest path) for every report and parameter combination.</summary>
    private IEnumerable<(string OData, string Harvest)> Calls()
    {
        foreach (var (function, harvest) in ReportCollection.Reports)
        {
            if (function == "ProjectBudgetReport")
            {
                yield return ($"/odata/{function}()", harvest);
                yield return ($"/odata/{function}(IsActive=true)", harvest + "?is_active=true");
                yield return ($"/odata/{function}(IsActive=false)", harvest + "?is_active=false");
                continue;
            }
            foreach (var (from, to) in Windows())
            {
                string odata = $"/odata/{function}(From={Iso(from)},To={Iso(to)})";
                string query = $"?from={from:yyyyMMdd}&to={to:yyyyMMdd}";
                yield return (odata, harvest + query);
                if (function.StartsWith("TimeReport", StringComparison.Ordinal))
                {
                    yield return ($"/odata/{function}(From={Iso(from)},To={Iso(to)},IncludeFixedFee=false)", harvest + query + "&include_fixed_fee=false");
                    yield return ($"/odata/{function}(From={Iso(from)},To={Iso(to)},IncludeFixedFee=true)", harvest + query + "&include_fixed_fee=true");
                }
            }
        }
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_report_has_the_rows_Harvest_reports_to_the_same_caller(string role)
    {
        var user = fixture.User(role);
        var calls = Calls().ToList();
        var harvest = new List<(int Status, List<Dictionary<string, object?>> Rows)>();
        foreach (var (_, path) in calls)
            harvest.Add(await fixture.ReadHarvestAsync(path, user));

        long before = fixture.Sandbox.Counters.Calls;
        for (int i = 0; i < calls.Count; i++)
        {
            var (url, path) = calls[i];
            var (status, expected) = harvest[i];
            if (status != 200)
            {
                using var refused = await fixture.GetAsync(url, user);
                Assert.True((int)refused.StatusCode == status, $"{url} as {role}: Harvest answers {status}, the service {(int)refused.StatusCode}");
                continue;
            }
            var (served, _, _) = await fixture.ReadODataAsync(url, user);
            Assert.True(expected.Count == served.Count, $"{url} as {role}: Harvest reports {expected.Count} rows ({path}), the service {served.Count}");
            for (int r = 0; r < expected.Count; r++)
                Assert.Equal(ReportFixture.Text(expected[r]), ReportFixture.Text(served[r]));
        }
        Assert.Equal(before, fixture.Sandbox.Counters.Calls);
        Assert.Equal(0, fixture.Sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, fixture.Sandbox.Counters.CallsWhileThrottled);
    }

    [Fact]
    public async Task The_comparison_is_not_vacuous_every_report_has_rows_and_roles_differ()
    {
        var (from, to) = Windows().First();
        string window = $"(From={Iso(from)},To={Iso(to)})";
        foreach (var (function, _) in ReportCollection.Reports)
        {
            var (rows, _, _) = await fixture.ReadODataAsync($"/odata/{function}{(function == "ProjectBudgetReport" ? "()" : window)}");
            Assert.True(rows.Count > 0, $"{function} has no rows for the administrator");
        }
        var (all, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportTeam{window}");
        var (manager, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportTeam{window}", fixture.Sandbox.Manager);
        var (member, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportTeam{window}", fixture.Sandbox.Member);
        Assert.True(member.Count > 0 && member.Count < manager.Count && manager.Count < all.Count, $"member {member.Count}, manager {manager.Count}, all {all.Count}");
        Assert.All(member, r => Assert.Null(r["BillableAmount"]));
        Assert.All(member, r => Assert.Null(r["Currency"]));
        Assert.Contains(manager, r => r["BillableAmount"] is decimal);
        var (fixedFeeOut, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportProjects(From={Iso(from)},To={Iso(to)},IncludeFixedFee=false)");
        var (fixedFeeIn, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportProjects{window}");
        Assert.True(fixedFeeOut.Count < fixedFeeIn.Count, $"without fixed fee {fixedFeeOut.Count}, with {fixedFeeIn.Count}");
    }
}

[Collection(ReportCollection.Name)]
public sealed class ReportParityTestsOnSqlite(ReportFixture fixture) : ReportParityTests(fixture);

[Collection(PostgresReportCollection.Name)]
public sealed class ReportParityTestsOnPostgres(PostgresReportFixture fixture) : ReportParityTests(fixture);
