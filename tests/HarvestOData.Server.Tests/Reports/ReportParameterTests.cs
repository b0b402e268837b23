using System.Net;
using System.Text.Json;

namespace HarvestOData.Server.Tests.Reports;

/// <summary>Bad report parameters and options answer 400 (or 403/501) as OData errors naming the problem, never 500.</summary>
public abstract class ReportParameterTests(ReportFixture fixture)
{
    public static TheoryData<string, string> BadCalls => new()
    {
        { "/odata/TimeReportClients(To=2026-03-31)", "From" },
        { "/odata/TimeReportClients(From=2026-01-01)", "To" },
        { "/odata/TimeReportClients()", "From" },
        { "/odata/TimeReportClients", "From" },
        { "/odata/TimeReportClients/$count", "From" },
        { "/odata/TimeReportClients(From=2026-01-01,To=2026-03-31,Since=2026-01-01)", "Since" },
        { "/odata/ExpenseReportTeam(From=2026-04-01,To=2026-03-31)", "From" },
        { "/odata/UninvoicedReport(From=2025-01-01,To=2026-01-02)", "365 days" },
        { "/odata/TimeReportTasks(From=abc,To=2026-03-31)", "From" },
        { "/odata/TimeReportTasks(From=2026-01-01,To=2026-13-01)", "To" },
        { "/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31,IncludeFixedFee=maybe)", "IncludeFixedFee" },
        { "/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31,IncludeFixedFee='yes')", "IncludeFixedFee" },
        { "/odata/ProjectBudgetReport(IsActive=2)", "IsActive" },
        { "/odata/TimeReportTasks(From=@f,To=2026-03-31)", "@f" },
        { "/odata/TimeReportTasks(From=@f,To=2026-03-31)?@f=yesterday", "From" },
        { "/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31)?$filter=Nope eq 1", "Nope" },
        { "/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31)?$orderby=TaskName sideways", "sideways" },
        { "/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31)?$skiptoken=forged", "skiptoken" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task A_bad_parameter_is_a_400_naming_it(string url, string named)
    {
        using var response = await fixture.GetAsync(url);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        string message = json.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(named, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_longest_window_Harvest_takes_is_taken()
    {
        using var response = await fixture.GetAsync("/odata/UninvoicedReport(From=2024-01-01,To=2024-12-31)");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Members_are_refused_the_uninvoiced_report_as_Harvest_refuses_them()
    {
        using var response = await fixture.GetAsync("/odata/UninvoicedReport(From=2026-01-01,To=2026-03-31)", fixture.Sandbox.Member);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Forbidden", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31)?$apply=aggregate(TotalHours with sum as H)")]
    [InlineData("/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31)?$search=design")]
    [InlineData("/odata/TimeReportTasks(From=2026-01-01,To=2026-03-31)/TaskName")]
    public async Task What_a_report_does_not_take_is_an_error_not_a_500(string url)
    {
        using var response = await fixture.GetAsync(url);
        Assert.True((int)response.StatusCode is 400 or 404 or 501, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.TryGetProperty("error", out _));
    }
}

[Collection(ReportCollection.Name)]
public sealed class ReportParameterTestsOnSqlite(ReportFixture fixture) : ReportParameterTests(fixture);

[Collection(PostgresReportCollection.Name)]
public sealed class ReportParameterTestsOnPostgres(PostgresReportFixture fixture) : ReportParameterTests(fixture);
