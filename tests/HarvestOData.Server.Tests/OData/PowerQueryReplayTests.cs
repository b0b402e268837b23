using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>
/// The requests Power Query's OData.Feed sends (its Accept list and headers as captured from Power BI Desktop), with its Key credential
/// (Basic ":" + key), and what it needs back.
/// </summary>
public abstract class PowerQueryReplayTests(ODataFixture fixture)
{
    private const string Accept =
        "application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7";

    private async Task<HttpResponseMessage> Replay(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)");
        request.Headers.TryAddWithoutValidation("OData-MaxVersion", "4.0");
        request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0");
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + fixture.Sandbox.Administrator.Token)));
        var response = await fixture.Client.SendAsync(request);
        Assert.Equal(["4.0"], response.Headers.GetValues("OData-Version"));
        Assert.False(response.Headers.Contains("Odata-Version") && response.Headers.GetValues("Odata-Version").Count() > 1);
        Assert.NotNull(response.Content.Headers.ContentType);
        return response;
    }

    /// <summary>The body, gunzipped when the server compressed it (as Power Query asked).</summary>
    private static async Task<string> Body(HttpResponseMessage response)
    {
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            bytes = plain.ToArray();
        }
        return Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public async Task Root_without_query_options_is_the_service_document_and_passes_the_credential_test()
    {
        using var response = await Replay("/odata/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(response.Content.Headers.ContentType.Parameters, p => p.Name == "odata.metadata" && p.Value == "minimal");
        using var json = JsonDocument.Parse(await Body(response));
        Assert.Equal("http://localhost/odata/$metadata", json.RootElement.GetProperty("@odata.context").GetString());
        Assert.Contains(json.RootElement.GetProperty("value").EnumerateArray(), s => s.GetProperty("name").GetString() == "TimeEntries");
        using var bare = await Replay("/odata");
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
    }

    [Fact]
    public async Task Metadata_is_xml_for_power_querys_accept_header()
    {
        using var response = await Replay("/odata/$metadata");
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<?xml", await Body(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_and_select_forms_are_answered_compressed_with_an_absolute_context()
    {
        using var preview = await Replay("/odata/TimeEntries?$top=1000");
        Assert.Equal("gzip", preview.Content.Headers.ContentEncoding.Single());
        using (var json = JsonDocument.Parse(await Body(preview)))
        {
            Assert.Equal(ODataFixture.PageSize, json.RootElement.GetProperty("value").GetArrayLength());
            Assert.StartsWith("http://localhost/odata/TimeEntries?", json.RootElement.GetProperty("@odata.nextLink").GetString(), StringComparison.Ordinal);
            Assert.Equal("http://localhost/odata/$metadata#TimeEntries", json.RootElement.GetProperty("@odata.context").GetString());
        }
        using var select = await Replay("/odata/TimeEntries?$select=Id%2CSpentDate");
        using (var json = JsonDocument.Parse(await Body(select)))
            Assert.Equal("http://localhost/odata/$metadata#TimeEntries(Id,SpentDate)", json.RootElement.GetProperty("@odata.context").GetString());
    }

    [Fact]
    public async Task Text_equality_filter_in_plain_and_percent_encoded_forms()
    {
        var project = fixture.Expected.Rows("projects")[3];
        string name = project.Str("name")!;
        string plain = $"/odata/Projects?$filter=Name eq '{name.Replace("'", "''")}'&$select=Id%2CName";
        string encoded = $"/odata/Projects?$filter=Name%20eq%20%27{Uri.EscapeDataString(name.Replace("'", "''")).Replace("'", "%27")}%27&$select=Id%2CName";
        foreach (string url in new[] { plain, encoded })
        {
            using var response = await Replay(url);
            using var json = JsonDocument.Parse(await Body(response));
            var rows = json.RootElement.GetProperty("value").EnumerateArray().ToList();
            Assert.Equal(fixture.Expected.Rows("projects").Count(p => p.Str("name") == name), rows.Count);
            Assert.All(rows, r => Assert.Equal(name, r.GetProperty("Name").GetString()));
        }
    }

    [Fact]
    public async Task Following_every_next_link_returns_every_row_once()
    {
        var ids = new List<long>();
        string? next = "/odata/TimeEntries?$select=Id%2CHours";
        while (next is not null)
        {
            using var response = await Replay(next);
            using var json = JsonDocument.Parse(await Body(response));
            ids.AddRange(json.RootElement.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("Id").GetInt64()));
            next = json.RootElement.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }
        Assert.Equal(fixture.Expected.Rows("time_entries").Select(r => r.Id).Order(), ids.Order());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Count_segment_is_plain_text()
    {
        using var response = await Replay("/odata/TimeEntries/$count");
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(fixture.Expected.Rows("time_entries").Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await Body(response));
    }

    [Fact]
    public async Task Select_with_expand_names_the_navigation_without_parentheses()
    {
        using var response = await Replay("/odata/Projects?$select=Name&$expand=Client");
        using var json = JsonDocument.Parse(await Body(response));
        Assert.Equal("http://localhost/odata/$metadata#Projects(Name,Client)", json.RootElement.GetProperty("@odata.context").GetString());
    }

    [Fact]
    public async Task Incremental_refresh_window_on_a_timestamp()
    {
        var entries = fixture.Expected.Rows("time_entries");
        var start = entries.Select(e => e.Time("updated_at")).Order().ElementAt(entries.Count / 3);
        var startUtc = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero);
        var end = startUtc.AddDays(30);
        using var response = await Replay($"/odata/TimeEntries?$filter=UpdatedAt ge {startUtc:yyyy-MM-ddTHH:mm:ssZ} and UpdatedAt lt {end:yyyy-MM-ddTHH:mm:ssZ}&$select=Id&$top=5000");
        using var json = JsonDocument.Parse(await Body(response));
        var served = json.RootElement.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("Id").GetInt64()).Order();
        Assert.Equal(entries.Where(e => e.Time("updated_at") >= startUtc && e.Time("updated_at") < end).Select(e => e.Id).Order().Take(ODataFixture.PageSize), served);
    }
}

[Collection(ODataCollection.Name)]
public sealed class PowerQueryReplayTestsOnSqlite(ODataFixture fixture) : PowerQueryReplayTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class PowerQueryReplayTestsOnPostgres(PostgresODataFixture fixture) : PowerQueryReplayTests(fixture);
