using System.Net;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>
/// Server-driven paging on its own copy of the mirror (this class changes rows between pages): keyset skip tokens lose
/// and repeat nothing while rows are inserted and deleted, and cannot be forged or moved to another query.
/// </summary>
public abstract class PagingTests(ODataFixture fixture) : IAsyncLifetime
{
    private TestMirror _copy = null!;
    private ServerFactory _factory = null!;
    private HttpClient _client = null!;

    private SandboxUser Admin => fixture.Sandbox.Administrator;

    public async Task InitializeAsync()
    {
        _copy = await fixture.Mirror.CopyAsync(fixture.Sandbox);
        _factory = new ServerFactory(fixture.Sandbox, _copy, pageSize: 250);
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        _copy.Delete();
    }

    private async Task<(List<long> Ids, string? Next)> Page(string url)
    {
        using var response = await _client.SendAsync(ODataFixture.Request(url, Admin));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("Id").GetInt64()).ToList();
        string? next = json.RootElement.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        return (ids, next);
    }

    private Task Execute(string sql) => _copy.ExecuteAsync(sql);

    private static string Clone(long from, long newId, string hours)
    {
        var columns = EntityCatalog.Get("time_entries").Fields.Select(f => $"\"{f.Column}\"").ToList();
        var values = columns.Select(c => c switch { "\"id\"" => newId.ToString(System.Globalization.CultureInfo.InvariantCulture), "\"hours\"" => hours, _ => c });
        return $"INSERT INTO time_entries ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM time_entries WHERE id = {from};";
    }

    [Theory]
    [InlineData("$orderby=Hours desc,SpentDate&$select=Id")]
    [InlineData("$orderby=Notes&$select=Id")]
    [InlineData("$select=Id")]
    public async Task Rows_present_throughout_appear_exactly_once_while_rows_come_and_go(string options)
    {
        var before = fixture.Expected.Rows("time_entries").Select(r => r.Id).ToHashSet();
        var seen = new List<long>();
        var (ids, next) = await Page("/odata/TimeEntries?" + options);
        seen.AddRange(ids);
        var deleted = new HashSet<long>();
        int round = 0;
        while (next is not null)
        {
            // Between pages: delete a row already served and one not yet served, insert rows on both sides of the cursor.
            long served = seen[seen.Count / 2];
            var unseen = before.Except(seen).Except(deleted).Order().ToList();
            long pending = unseen.Count == 0 ? served : unseen[Math.Min(round * 7, unseen.Count - 1)];
            deleted.UnionWith([served, pending]);
            long template = before.Except(deleted).First();
            await Execute($"DELETE FROM time_entries WHERE id IN ({served}, {pending});" +
                          Clone(template, 900_000_000 + round * 2, "0.25") + Clone(template, 900_000_001 + round * 2, "99"));
            (ids, next) = await Page(next);
            seen.AddRange(ids);
            round++;
        }
        Assert.True(round >= 5, "the case must span several pages");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var survivors = before.Except(deleted);
        Assert.Empty(survivors.Except(seen));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("&$skip=37", 37)]
    public async Task A_filtered_feed_in_key_order_serves_every_match_once_from_its_first_page(string extra, int skip)
    {
        var entries = fixture.Expected.Rows("time_entries");
        var dates = entries.Select(e => e.Date("spent_date")).Order().ToList();
        var (from, to) = (dates[dates.Count / 3], dates[dates.Count * 2 / 3]);
        var expected = entries.Where(e => e.Date("spent_date") >= from && e.Date("spent_date") <= to).Select(e => e.Id).Order().Skip(skip).ToList();
        var seen = new List<long>();
        string? next = $"/odata/TimeEntries?$filter=SpentDate ge {from:yyyy-MM-dd} and SpentDate le {to:yyyy-MM-dd}&$select=Id{extra}";
        while (next is not null)
        {
            (var ids, next) = await Page(next);
            seen.AddRange(ids);
        }
        Assert.True(expected.Count > 500, "the case must span several pages");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_answers_an_empty_feed()
    {
        var (ids, next) = await Page("/odata/TimeEntries?$filter=SpentDate ge 2999-01-01&$select=Id");
        Assert.Empty(ids);
        Assert.Null(next);
    }

    [Fact]
    public async Task A_tampered_or_transplanted_skip_token_is_refused()
    {
        var (_, next) = await Page("/odata/TimeEntries?$orderby=Hours&$select=Id");
        Assert.NotNull(next);
        string token = Uri.UnescapeDataString(next!.Split("$skiptoken=")[1]);
        string forged = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        foreach (string url in new[]
                 {
                     "/odata/TimeEntries?$orderby=Hours&$select=Id&$skiptoken=" + Uri.EscapeDataString(forged),
                     "/odata/TimeEntries?$orderby=Hours desc&$select=Id&$skiptoken=" + Uri.EscapeDataString(token),
                     "/odata/Projects?$orderby=Hours&$select=Id&$skiptoken=" + Uri.EscapeDataString(token),
                     "/odata/TimeEntries?$skiptoken=garbage",
                 })
        {
            using var response = await _client.SendAsync(ODataFixture.Request(url, Admin));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task Top_larger_than_a_page_continues_through_next_links_and_stops_at_top()
    {
        var ids = new List<long>();
        string? next = "/odata/TimeEntries?$top=600&$orderby=Id&$select=Id";
        int pages = 0;
        while (next is not null)
        {
            var (page, link) = await Page(next);
            ids.AddRange(page);
            next = link;
            pages++;
        }
        Assert.Equal(600, ids.Count);
        Assert.Equal(3, pages);
    }
}

[Collection(ODataCollection.Name)]
public sealed class PagingTestsOnSqlite(ODataFixture fixture) : PagingTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class PagingTestsOnPostgres(PostgresODataFixture fixture) : PagingTests(fixture);
