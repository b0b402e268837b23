using System.Net;
using System.Text.Json;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>Every refusal is an OData error JSON with the right 4xx (or 501), naming the problem.</summary>
public abstract class ErrorTests(ODataFixture fixture)
{
    private async Task<(HttpStatusCode Status, string Code, string Message)> Error(string url, HttpMethod? method = null)
    {
        var request = ODataFixture.Request(url, fixture.Sandbox.Administrator);
        request.Method = method ?? HttpMethod.Get;
        using var response = await fixture.Client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        return (response.StatusCode, error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData("/odata/TimeEntries?$filter=Foo eq 1", HttpStatusCode.BadRequest, "Foo")]
    [InlineData("/odata/TimeEntries?$filter=Hours eq", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/TimeEntries?$select=Nope", HttpStatusCode.BadRequest, "Nope")]
    [InlineData("/odata/TimeEntries?$orderby=Project", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/TimeEntries?$top=1000001", HttpStatusCode.BadRequest, "$top")]
    [InlineData("/odata/TimeEntries?$top=-1", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/TimeEntries?$skip=99999999999999999999", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/TimeEntries?$bogus=1", HttpStatusCode.BadRequest, "$bogus")]
    [InlineData("/odata/TimeEntries?$top=1&$top=2", HttpStatusCode.BadRequest, "$top")]
    [InlineData("/odata/TimeEntries('abc')", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/TimeEntries?$filter=Hours gt 'x'", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/Nope", HttpStatusCode.NotFound, "Nope")]
    [InlineData("/odata/TimeEntries(1)/Nope", HttpStatusCode.NotFound, "Nope")]
    [InlineData("/odata/TimeEntries?$compute=Nope mul 2 as Double", HttpStatusCode.BadRequest, "Nope")]
    [InlineData("/odata/TimeEntries?$levels=2", HttpStatusCode.NotImplemented, "$levels")]
    [InlineData("/odata/TimeEntries?$expand=Project($levels=2)", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/TimeEntries?$apply=top(5)/orderby(Hours)", HttpStatusCode.NotImplemented, "$orderby")]
    [InlineData("/odata/TimeEntries?$filter=isof(Hours,Edm.Nope)", HttpStatusCode.BadRequest, "")]
    [InlineData("/odata/TimeEntries?$filter=SpentDate add duration'P1D' gt 2024-01-01", HttpStatusCode.NotImplemented, "")]
    [InlineData("/odata/TimeEntries?$expand=Project/$ref", HttpStatusCode.NotImplemented, "")]
    [InlineData("/odata/TimeEntries?$deltatoken=abc", HttpStatusCode.NotImplemented, "")]
    public async Task Bad_and_unsupported_queries_get_odata_errors(string url, HttpStatusCode status, string named)
    {
        var (code, _, message) = await Error(url);
        Assert.Equal(status, code);
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replacing_is_405_with_allow()
    {
        // POST/PATCH/DELETE are write-back's (tests/HarvestOData.Server.Writes.Tests); Harvest has no replace.
        var request = ODataFixture.Request("/odata/TimeEntries(1)", fixture.Sandbox.Administrator);
        request.Method = HttpMethod.Put;
        request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Sets_a_role_never_sees_are_403()
    {
        using var response = await fixture.GetAsync("/odata/CostRates", fixture.Sandbox.Member);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("\"code\":\"Forbidden\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Limits_on_url_size_nesting_and_expression_count()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Error("/odata/TimeEntries?$filter=" + string.Join(" or ", Enumerable.Repeat("Id eq 1", 1200)))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Error("/odata/TimeEntries?$filter=" + new string('(', 400) + "Id eq 1" + new string(')', 400))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Error("/odata/TimeEntries?$filter=" + string.Join(" or ", Enumerable.Range(0, 700).Select(i => $"Id eq {i}")))).Status);
        string any = "Projects?$filter=TimeEntries/any(a: a/Project/TimeEntries/any(b: b/Project/TimeEntries/any(c: c/Project/TimeEntries/any(d: d/Hours gt 1))))";
        Assert.Equal(HttpStatusCode.BadRequest, (await Error("/odata/" + any)).Status);
    }
}

[Collection(ODataCollection.Name)]
public sealed class ErrorTestsOnSqlite(ODataFixture fixture) : ErrorTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class ErrorTestsOnPostgres(PostgresODataFixture fixture) : ErrorTests(fixture);
