using System.Globalization;
using System.Net;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>
/// What strict clients (the SAP Cloud SDK, @odata/client, o.js, ODataLib as a strict reader, the OASIS ABNF) found
/// wrong, each reproduced as such a client sees it.
/// </summary>
public abstract class StrictClientTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        var request = ODataFixture.Request(url, fixture.Sandbox.Administrator);
        request.Method = method;
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return await fixture.Client.SendAsync(request);
    }

    private static async Task AssertODataErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("User($select=FirstName)")]
    [InlineData("Project($select=Name),User($select=FirstName)")]
    [InlineData("Client($select=Name)")]
    public async Task Full_metadata_with_an_expansion_that_is_not_the_last_navigation_reads_back_with_ODataLib(string expand)
    {
        using var response = await fixture.GetAsync($"/odata/TimeEntries?$select=Id,UserId&$expand={expand}&$top=20", accept: "application/json;odata.metadata=full");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = await ODataConformance.ReadFeedAsync(response, fixture.Model, "TimeEntries");
        Assert.Equal(20, feed.Rows.Count);
        foreach (var row in feed.Rows)
        {
            string first = expand[..expand.IndexOf('(', StringComparison.Ordinal)];
            Assert.IsType<Entity>(row.Expanded[first]);
        }
        if (expand.Contains("User", StringComparison.Ordinal))
        {
            foreach (var row in feed.Rows)
                Assert.Equal(fixture.Expected.Row("users", (long)row["UserId"]!).Str("first_name"), ((Entity)row.Expanded["User"]!)["FirstName"]);
        }
    }

    [Fact]
    public async Task A_single_navigation_without_a_related_entity_answers_204()
    {
        var entry = Entries.First(e => e.Long("invoice_id") is null);
        using var response = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})/Invoice");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        // The parent must still exist and be visible: a missing time entry stays 404.
        using var missing = await fixture.GetAsync($"/odata/TimeEntries({Entries.Max(e => e.Id) + 1000})/Invoice");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_single_entity_carries_its_ETag_and_If_None_Match_answers_304()
    {
        var entry = Entries[Entries.Count / 3];
        using var first = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(first.Headers.ETag);
        string etag = first.Headers.ETag!.ToString();
        using (var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
            Assert.Equal(etag, json.RootElement.GetProperty("@odata.etag").GetString());

        using var same = await SendAsync(HttpMethod.Get, $"/odata/TimeEntries({entry.Id})", ("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Empty(await same.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, same.Headers.ETag?.ToString());
        using var any = await SendAsync(HttpMethod.Get, $"/odata/TimeEntries({entry.Id})", ("If-None-Match", "*"));
        Assert.Equal(HttpStatusCode.NotModified, any.StatusCode);
        using var other = await SendAsync(HttpMethod.Get, $"/odata/TimeEntries({entry.Id})", ("If-None-Match", "W/\"1999-01-01T00:00:00Z;1\""));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_raw_plus_in_a_date_time_offset_literal_is_a_plus()
    {
        var pivot = Entries.Select(e => e.Time("created_at")).Order().ElementAt(Entries.Count / 2);
        string literal = pivot.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        Assert.Contains('+', literal);
        var expected = Entries.Where(e => e.Time("created_at") >= pivot).Select(e => e.Id).Order().ToList();

        // As a client writes it by hand: the plus sent raw, not as %2B.
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/TimeEntries?$filter=CreatedAt ge {literal}&$select=Id", "TimeEntries");
        Assert.Equal(expected, FeedClient.Ids(rows).Order().ToList());
    }

    [Fact]
    public async Task Mindatetime_and_maxdatetime_bound_every_timestamp()
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries/$count?$filter=CreatedAt gt mindatetime() and UpdatedAt lt maxdatetime()");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Entries.Count.ToString(CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        using var none = await fixture.GetAsync("/odata/TimeEntries/$count?$filter=CreatedAt gt maxdatetime()");
        Assert.Equal("0", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Selecting_a_bound_action_is_legal_and_selects_no_data()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$select=Id,HarvestOData.Stop&$top=5", "TimeEntries");
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal(["Id"], r.Values.Keys));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("GET")]
    public async Task Batch_takes_POST_only(string method)
    {
        using var response = await SendAsync(new HttpMethod(method), "/odata/$batch");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("OData-MaxVersion", "3.0")]
    [InlineData("OData-MaxVersion", "2.0")]
    [InlineData("OData-Version", "3.0")]
    [InlineData("OData-Version", "5.0")]
    [InlineData("OData-Version", "four")]
    public async Task A_version_this_service_does_not_speak_is_refused_with_an_OData_error(string header, string value)
    {
        using var response = await SendAsync(HttpMethod.Get, "/odata/TimeEntries?$top=1", (header, value));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotAcceptable, $"{header}: {value} answered {(int)response.StatusCode}");
        await AssertODataErrorAsync(response);
    }

    [Theory]
    [InlineData("OData-MaxVersion", "4.0")]
    [InlineData("OData-MaxVersion", "4.01")]
    [InlineData("OData-MaxVersion", "5.0")]
    [InlineData("OData-Version", "4.0")]
    [InlineData("OData-Version", "4.01")]
    [InlineData("OData-Version", "4")]
    public async Task Versions_this_service_speaks_are_answered_in_4_0(string header, string value)
    {
        using var response = await SendAsync(HttpMethod.Get, "/odata/TimeEntries?$top=1", (header, value));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
    }

    [Fact]
    public async Task A_singleton_property_has_a_context_url_the_OASIS_grammar_allows_and_ODataLib_reads()
    {
        using var response = await fixture.GetAsync("/odata/Company/Name");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        // contextFragment allows "entitySet keyPredicate / property" but after a singleton only navigations: the
        // property's type is the form that fits.
        Assert.Contains("\"@odata.context\":\"http://localhost/odata/$metadata#Edm.String\"", body, StringComparison.Ordinal);
        object? value = await ODataConformance.ReadPropertyAsync(response, fixture.Model, "Edm.String");
        Assert.Equal(fixture.Expected.Rows("company")[0].Str("name"), value);
    }
}

[Collection(ODataCollection.Name)]
public sealed class StrictClientTestsOnSqlite(ODataFixture fixture) : StrictClientTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class StrictClientTestsOnPostgres(PostgresODataFixture fixture) : StrictClientTests(fixture);
