using System.Globalization;
using System.Net;
using System.Text.Json;

namespace HarvestOData.Server.Tests.Reports;

/// <summary>$filter, $select, $orderby, $top/$skip, $count, /$count, parameter aliases and server-driven paging over a report's rows.</summary>
public abstract class ReportQueryOptionTests(ReportFixture fixture)
{
    private string Window => $"(From={fixture.Today.AddDays(-365):yyyy-MM-dd},To={fixture.Today:yyyy-MM-dd})";

    private async Task<List<Dictionary<string, object?>>> AllAsync(string function = "TimeReportTasks", string? window = null) =>
        (await fixture.ReadODataAsync($"/odata/{function}{window ?? Window}")).Rows;

    [Fact]
    public async Task Filter_selects_the_rows_it_names()
    {
        var all = await AllAsync();
        var (rows, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportTasks{Window}?$filter=TotalHours gt 50 and Currency eq 'USD'");
        var expected = all.Where(r => (decimal)r["TotalHours"]! > 50 && (string?)r["Currency"] == "USD").Select(ReportFixture.Text).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Select(ReportFixture.Text));

        var (named, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportTasks{Window}?$filter=startswith(tolower(TaskName),'d')");
        Assert.Equal(all.Where(r => ((string)r["TaskName"]!).StartsWith('D') || ((string)r["TaskName"]!).StartsWith('d')).Select(ReportFixture.Text), named.Select(ReportFixture.Text));
    }

    [Fact]
    public async Task Orderby_and_select_shape_the_rows()
    {
        var all = await AllAsync("TimeReportProjects");
        var (rows, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportProjects{Window}?$orderby=BillableHours desc,ProjectId&$select=ProjectId,BillableHours");
        Assert.All(rows, r => Assert.Equal(["BillableHours", "ProjectId"], r.Keys.Order(StringComparer.Ordinal)));
        var expected = all.OrderByDescending(r => (decimal)r["BillableHours"]!).ThenBy(r => (long)(decimal)r["ProjectId"]!)
            .ThenBy(all.IndexOf).Select(r => $"{r["ProjectId"]}:{r["BillableHours"]}");
        Assert.Equal(expected, rows.Select(r => $"{r["ProjectId"]}:{r["BillableHours"]}"));
    }

    [Fact]
    public async Task Top_skip_and_count_page_through_Harvests_order()
    {
        var all = await AllAsync("TimeReportTeam");
        Assert.True(all.Count > 5, $"only {all.Count} rows");
        var (rows, _, count) = await fixture.ReadODataAsync($"/odata/TimeReportTeam{Window}?$top=3&$skip=2&$count=true");
        Assert.Equal(all.Count, count);
        Assert.Equal(all.Skip(2).Take(3).Select(ReportFixture.Text), rows.Select(ReportFixture.Text));

        using var plain = await fixture.GetAsync($"/odata/TimeReportTeam{Window}/$count");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(all.Count.ToString(CultureInfo.InvariantCulture), await plain.Content.ReadAsStringAsync());
        using var filtered = await fixture.GetAsync($"/odata/TimeReportTeam{Window}/$count?$filter=IsContractor");
        Assert.Equal(all.Count(r => (bool)r["IsContractor"]!).ToString(CultureInfo.InvariantCulture), await filtered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Server_driven_pages_add_up_to_the_whole_report_in_any_order()
    {
        var all = await AllAsync("TimeReportTasks");
        var (paged, pages, _) = await fixture.ReadODataAsync($"/odata/TimeReportTasks{Window}", prefer: "odata.maxpagesize=4");
        Assert.Equal((all.Count + 3) / 4, pages);
        Assert.Equal(all.Select(ReportFixture.Text), paged.Select(ReportFixture.Text));

        // Sorted by a column with ties (many tasks share a currency): the keyset ends with Harvest's order, so no row repeats or vanishes.
        var (sorted, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportTasks{Window}?$orderby=Currency desc", prefer: "odata.maxpagesize=3");
        var (whole, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportTasks{Window}?$orderby=Currency desc");
        Assert.Equal(whole.Select(ReportFixture.Text), sorted.Select(ReportFixture.Text));
        Assert.Equal(all.Select(ReportFixture.Text).Order(), sorted.Select(ReportFixture.Text).Order());

        using var response = await fixture.GetAsync($"/odata/TimeReportTasks{Window}?$top=5", prefer: "odata.maxpagesize=2");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("odata.maxpagesize=2", response.Headers.GetValues("Preference-Applied").Single());
        Assert.EndsWith("#Collection(HarvestOData.TimeReportTasksRow)", json.RootElement.GetProperty("@odata.context").GetString());
        Assert.Contains("$top=3", json.RootElement.GetProperty("@odata.nextLink").GetString());
    }

    [Fact]
    public async Task Parameters_take_aliases_and_optional_ones_may_be_omitted_or_given()
    {
        var today = fixture.Today;
        var all = await AllAsync("TimeReportClients");
        var (aliased, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportClients(From=@f,To=@t)?@f={today.AddDays(-365):yyyy-MM-dd}&@t={today:yyyy-MM-dd}");
        Assert.Equal(all.Select(ReportFixture.Text), aliased.Select(ReportFixture.Text));
        var (explicitDefault, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportClients(From={today.AddDays(-365):yyyy-MM-dd},To={today:yyyy-MM-dd},IncludeFixedFee=true)");
        Assert.Equal(all.Select(ReportFixture.Text), explicitDefault.Select(ReportFixture.Text));
        var (aliasedFlag, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportClients(From=@f,To=@t,IncludeFixedFee=@x)?@f={today.AddDays(-365):yyyy-MM-dd}&@t={today:yyyy-MM-dd}&@x=false");
        var (withoutFixedFee, _, _) = await fixture.ReadODataAsync($"/odata/TimeReportClients(From={today.AddDays(-365):yyyy-MM-dd},To={today:yyyy-MM-dd},IncludeFixedFee=false)");
        Assert.Equal(withoutFixedFee.Select(ReportFixture.Text), aliasedFlag.Select(ReportFixture.Text));
        var (budgets, _, _) = await fixture.ReadODataAsync("/odata/ProjectBudgetReport");
        var (budgetsCall, _, _) = await fixture.ReadODataAsync("/odata/ProjectBudgetReport()");
        Assert.Equal(budgetsCall.Select(ReportFixture.Text), budgets.Select(ReportFixture.Text));
    }

    [Fact]
    public async Task Full_metadata_annotates_numbers_and_keeps_the_values()
    {
        var all = await AllAsync("ExpenseReportProjects");
        using var response = await fixture.Client.SendAsync(Support.ODataFixture.Request($"/odata/ExpenseReportProjects{Window}", fixture.Sandbox.Administrator, "application/json;odata.metadata=full"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rows = json.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal("#Decimal", rows[0].GetProperty("TotalAmount@odata.type").GetString());
        Assert.Equal(all.Select(ReportFixture.Text), rows.Select(r => ReportFixture.Text(r.EnumerateObject().Where(p => !p.Name.Contains('@')).ToDictionary(p => p.Name, p => ReportFixture.Value(p.Value)))));
    }
}

[Collection(ReportCollection.Name)]
public sealed class ReportQueryOptionTestsOnSqlite(ReportFixture fixture) : ReportQueryOptionTests(fixture);

[Collection(PostgresReportCollection.Name)]
public sealed class ReportQueryOptionTestsOnPostgres(PostgresReportFixture fixture) : ReportQueryOptionTests(fixture);
