using System.Net;
using System.Text.Json;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>OData JSON as ODataLib writes and reads it: metadata levels, IEEE754Compatible, context URLs, etags, headers.</summary>
public abstract class PayloadTests(ODataFixture fixture)
{
    [Theory]
    [InlineData("TimeEntries?$select=Id,Hours,SpentDate,CreatedAt,Notes,Billable,ProjectId&$top=25&$count=true", "TimeEntries", "application/json;odata.metadata=minimal")]
    [InlineData("TimeEntries?$select=Id,Hours,SpentDate,UpdatedAt&$top=25&$count=true", "TimeEntries", "application/json;odata.metadata=minimal;IEEE754Compatible=true")]
    [InlineData("Projects?$select=Id,Name,Budget&$expand=TimeEntries($select=Id,Hours;$top=2),Client($select=Name)&$top=10", "Projects", "application/json;odata.metadata=minimal")]
    [InlineData("Invoices?$top=5&$expand=InvoiceLineItems", "Invoices", "application/json;odata.metadata=minimal")]
    [InlineData("Users?$top=5", "Users", "application/json;odata.metadata=none")]
    public async Task Payload_equals_what_ODataMessageWriter_writes_for_the_same_rows(string url, string set, string accept)
    {
        using var response = await fixture.GetAsync("/odata/" + url, accept: accept);
        string served = await response.Content.ReadAsStringAsync();
        // ODataMessageReader cannot read odata.metadata=none (no context URL): read the same rows in minimal instead.
        using var readable = accept.Contains("=none", StringComparison.Ordinal) ? await fixture.GetAsync("/odata/" + url) : null;
        var feed = await ODataConformance.ReadFeedAsync(readable ?? response, fixture.Model, set);
        Assert.NotEmpty(feed.Rows);
        await FeedClient.AssertSameInFullMetadataAsync(fixture, "/odata/" + url, set, feed.Rows);
        // The one intended difference: ODataLib 7.7.2 writes "Nav()" for an expansion without $select, which Power Query
        // rejects (odata.net#2081); the service writes "Nav".
        string golden = GoldenWriter.Feed(fixture.Model, url, accept, feed.Rows, set, feed.Count).Replace("()", "", StringComparison.Ordinal);
        using var ours = JsonDocument.Parse(served);
        using var theirs = JsonDocument.Parse(golden);
        Assert.True(GoldenWriter.SameJson(ours.RootElement, theirs.RootElement, out string where), $"Differs at {where}\nours:   {served[..Math.Min(600, served.Length)]}\ngolden: {golden[..Math.Min(600, golden.Length)]}");
    }

    [Fact]
    public async Task Full_metadata_carries_ids_edit_links_types_and_navigation_links()
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$select=Id,Hours&$top=3", accept: "application/json;odata.metadata=full");
        Assert.Contains("odata.metadata=full", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var feed = await ODataConformance.ReadFeedAsync(response, fixture.Model, "TimeEntries");
        using var json = JsonDocument.Parse(await (await fixture.GetAsync("/odata/TimeEntries?$select=Id,Hours&$top=3", accept: "application/json;odata.metadata=full")).Content.ReadAsStringAsync());
        var first = json.RootElement.GetProperty("value")[0];
        long id = first.GetProperty("Id").GetInt64();
        Assert.Equal($"http://localhost/odata/TimeEntries({id})", first.GetProperty("@odata.id").GetString());
        Assert.Equal($"http://localhost/odata/TimeEntries({id})", first.GetProperty("@odata.editLink").GetString());
        Assert.Equal("#HarvestOData.TimeEntry", first.GetProperty("@odata.type").GetString());
        Assert.Equal("#Decimal", first.GetProperty("Hours@odata.type").GetString());
        Assert.Equal($"http://localhost/odata/TimeEntries({id})/Project", first.GetProperty("Project@odata.navigationLink").GetString());
        Assert.Equal(new Uri($"http://localhost/odata/TimeEntries({id})"), feed.Rows[0].Id);
    }

    [Fact]
    public async Task Ieee754_compatible_writes_int64_decimal_and_count_as_strings()
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$select=Id,Hours&$top=2&$count=true&$format=application/json;IEEE754Compatible=true");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("@odata.count").ValueKind);
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("value")[0].GetProperty("Id").ValueKind);
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("value")[0].GetProperty("Hours").ValueKind);
    }

    [Fact]
    public async Task Metadata_none_has_no_context_and_no_etags()
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$select=Id&$top=2&$format=application/json;odata.metadata=none");
        string body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("@odata.context", body, StringComparison.Ordinal);
        Assert.DoesNotContain("@odata.etag", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decimals_print_without_exponent_or_binary_noise()
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$select=Hours,BillableRate,CostRate&$top=500");
        string body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("\"(Hours|BillableRate|CostRate)\":-?[0-9.]*[eE]", body);
        Assert.DoesNotMatch("\"(Hours|BillableRate|CostRate)\":-?[0-9]*\\.[0-9]*0000000", body);
        Assert.DoesNotMatch("\"(Hours|BillableRate|CostRate)\":-?[0-9]*\\.[0-9]*9999999", body);
    }

    [Theory]
    [InlineData("/odata/TimeEntries(1)", "$metadata#TimeEntries/$entity\"")]
    [InlineData("/odata/TimeEntries?$select=Id,Hours&$top=1", "$metadata#TimeEntries(Id,Hours)\"")]
    [InlineData("/odata/Company", "$metadata#Company\"")]
    [InlineData("/odata/Company/Name", "$metadata#Edm.String\"")]
    public async Task Context_urls_are_absolute_and_spelled_as_the_spec_writes_them(string url, string context)
    {
        long id = fixture.Expected.Rows("time_entries")[0].Id;
        using var response = await fixture.GetAsync(url.Replace("(1)", $"({id})", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"@odata.context\":\"http://localhost/odata/" + context, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_requests_that_accept_only_xml_get_406()
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries", accept: "application/atom+xml");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }
}

[Collection(ODataCollection.Name)]
public sealed class PayloadTestsOnSqlite(ODataFixture fixture) : PayloadTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class PayloadTestsOnPostgres(PostgresODataFixture fixture) : PayloadTests(fixture);
