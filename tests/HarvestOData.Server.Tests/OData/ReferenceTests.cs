using System.Net;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>/$ref reads: entity references (<c>@odata.id</c> only), scoped to the caller and paged like any collection.</summary>
public abstract class ReferenceTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    private async Task<(List<JsonElement> Items, List<string> Contexts, long? Count)> ReadAll(string url, HarvestOData.Sandbox.SandboxUser? user = null)
    {
        var items = new List<JsonElement>();
        var contexts = new List<string>();
        long? count = null;
        string? next = url;
        while (next is not null)
        {
            using var response = await fixture.GetAsync(next, user);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next} answered {(int)response.StatusCode}: {body}");
            var json = JsonDocument.Parse(body).RootElement;
            contexts.Add(json.GetProperty("@odata.context").GetString()!);
            if (json.TryGetProperty("@odata.count", out var c))
                count ??= c.GetInt64();
            items.AddRange(json.GetProperty("value").EnumerateArray());
            next = json.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }
        return (items, contexts, count);
    }

    private static long KeyOf(JsonElement reference, string set)
    {
        Assert.Equal(["@odata.id"], reference.EnumerateObject().Select(p => p.Name));
        string id = new Uri(reference.GetProperty("@odata.id").GetString()!).AbsolutePath;
        Assert.StartsWith($"/odata/{set}(", id, StringComparison.Ordinal);
        return long.Parse(id[($"/odata/{set}(".Length)..^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Collection_references_list_every_entity_id_across_pages()
    {
        var (items, contexts, _) = await ReadAll("/odata/TimeEntries/$ref");
        Assert.True(contexts.Count > 1, "the case must need several pages");
        Assert.All(contexts, c => Assert.EndsWith("/odata/$metadata#Collection($ref)", c, StringComparison.Ordinal));
        Assert.Equal(Entries.Select(e => e.Id).Order(), items.Select(i => KeyOf(i, "TimeEntries")).Order());
    }

    [Fact]
    public async Task Single_navigation_reference_names_the_related_entity()
    {
        var entry = Entries.First(e => e.Long("project_id") is not null);
        using var response = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})/Project/$ref");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.EndsWith("/odata/$metadata#$ref", json.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/odata/Projects({entry.Long("project_id")})", json.GetProperty("@odata.id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collection_navigation_references_take_filter_and_count()
    {
        long project = Entries.GroupBy(e => e.Long("project_id")!.Value).OrderByDescending(g => g.Count()).First().Key;
        var (items, _, count) = await ReadAll($"/odata/Projects({project})/TimeEntries/$ref?$filter=Hours gt 2&$count=true");
        var expected = Entries.Where(e => e.Long("project_id") == project && e.Dec("hours") > 2).Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, items.Select(i => KeyOf(i, "TimeEntries")).Order());
        Assert.Equal(expected.Count, count);
    }

    [Fact]
    public async Task References_are_scoped_to_the_caller()
    {
        var member = fixture.Sandbox.Member;
        var visible = fixture.Expected.Visible("time_entries", member);
        var (items, _, _) = await ReadAll("/odata/TimeEntries/$ref", member);
        Assert.Equal(visible.Order(), items.Select(i => KeyOf(i, "TimeEntries")).Order());
        long hidden = Entries.First(e => !visible.Contains(e.Id)).Id;
        using var response = await fixture.GetAsync($"/odata/TimeEntries({hidden})/$ref", member);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

[Collection(ODataCollection.Name)]
public sealed class ReferenceTestsOnSqlite(ODataFixture fixture) : ReferenceTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class ReferenceTestsOnPostgres(PostgresODataFixture fixture) : ReferenceTests(fixture);
