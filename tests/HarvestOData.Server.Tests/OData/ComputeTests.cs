using System.Net;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>$compute: computed columns selected, filtered and sorted, typed in the payload, paged and scoped like every read.</summary>
public abstract class ComputeTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    private async Task<List<JsonElement>> Rows(string url, HarvestOData.Sandbox.SandboxUser? user = null)
    {
        var rows = new List<JsonElement>();
        string? next = url;
        while (next is not null)
        {
            using var response = await fixture.GetAsync(next, user);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next} answered {(int)response.StatusCode}: {body}");
            var json = JsonDocument.Parse(body).RootElement;
            rows.AddRange(json.GetProperty("value").EnumerateArray());
            next = json.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }
        return rows;
    }

    [Fact]
    public async Task Computed_column_is_selected_filtered_and_sorted_across_pages()
    {
        var rows = await Rows("/odata/TimeEntries?$compute=" + Uri.EscapeDataString("Hours mul 2 as Double") +
                              "&$select=Id,Double&$filter=" + Uri.EscapeDataString("Double gt 4") + "&$orderby=Double desc,Id");
        var expected = Entries.Where(e => e.Dec("hours")!.Value * 2 > 4).OrderByDescending(e => e.Dec("hours")).ThenBy(e => e.Id).ToList();
        Assert.True(expected.Count > ODataFixture.PageSize, "the case must need several pages");
        Assert.Equal(expected.Select(e => e.Id), rows.Select(r => r.GetProperty("Id").GetInt64()));
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal((double)expected[i].Dec("hours")!.Value * 2, (double)rows[i].GetProperty("Double").GetDecimal(), 6);
            Assert.Equal("#Decimal", rows[i].GetProperty("Double@odata.type").GetString());
            Assert.Equal(["Double", "Double@odata.type", "Id"], rows[i].EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith("@odata.", StringComparison.Ordinal)).Order());
        }
    }

    [Fact]
    public async Task Without_select_computed_columns_come_with_every_property_in_their_own_types()
    {
        var rows = await Rows("/odata/TimeEntries?$top=40&$orderby=Id&$compute=" +
                              Uri.EscapeDataString("year(SpentDate) as Year,concat(concat(Notes,'!'),'') as Loud,SpentDate as Day,Hours gt 3 as Long"));
        var expected = Entries.OrderBy(e => e.Id).Take(40).ToList();
        Assert.Equal(40, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal(expected[i].Id, row.GetProperty("Id").GetInt64());
            Assert.True(row.TryGetProperty("Hours", out _), "declared properties stay when nothing is selected");
            Assert.Equal(expected[i].Date("spent_date").Year, row.GetProperty("Year").GetInt32());
            if (expected[i].Str("notes") is { } notes)
                Assert.Equal(notes + "!", row.GetProperty("Loud").GetString());
            else
                Assert.Equal(JsonValueKind.Null, row.GetProperty("Loud").ValueKind);
            Assert.Equal(expected[i].Date("spent_date").ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("Day").GetString());
            Assert.Equal("#Date", row.GetProperty("Day@odata.type").GetString());
            Assert.Equal(expected[i].Dec("hours") > 3, row.GetProperty("Long").GetBoolean());
        }
    }

    [Fact]
    public async Task Compute_is_scoped_to_the_caller()
    {
        var member = fixture.Sandbox.Member;
        var rows = await Rows("/odata/TimeEntries?$compute=" + Uri.EscapeDataString("Hours add 1 as More") + "&$select=Id,More", member);
        Assert.Equal(fixture.Expected.Visible("time_entries", member).Order(), rows.Select(r => r.GetProperty("Id").GetInt64()).Order());
        using var count = await fixture.GetAsync("/odata/TimeEntries/$count?$compute=" + Uri.EscapeDataString("Hours add 1 as More") + "&$filter=More gt 3", member);
        var visible = fixture.Expected.Visible("time_entries", member);
        Assert.Equal(Entries.Count(e => visible.Contains(e.Id) && e.Dec("hours") + 1 > 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            await count.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Compute_inside_expand_and_on_a_single_entity()
    {
        var project = fixture.Expected.Rows("projects").First(p => Entries.Any(e => e.Long("project_id") == p.Id));
        var rows = await Rows($"/odata/Projects?$filter=Id eq {project.Id}&$select=Id&$expand=TimeEntries($compute=Hours mul 60 as Minutes;$select=Id,Minutes;$orderby=Minutes desc,Id)");
        var entries = Entries.Where(e => e.Long("project_id") == project.Id).OrderByDescending(e => e.Dec("hours")).ThenBy(e => e.Id).ToList();
        var expanded = Assert.Single(rows).GetProperty("TimeEntries").EnumerateArray().ToList();
        Assert.Equal(entries.Select(e => e.Id), expanded.Select(e => e.GetProperty("Id").GetInt64()));
        Assert.Equal(entries.Select(e => (double)e.Dec("hours")!.Value * 60), expanded.Select(e => (double)e.GetProperty("Minutes").GetDecimal()), new Tolerance());

        var entry = entries[0];
        using var single = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})?$compute=Id add 1 as Next&$select=Next");
        using var json = JsonDocument.Parse(await single.Content.ReadAsStringAsync());
        Assert.Equal(entry.Id + 1, json.RootElement.GetProperty("Next").GetInt64());
    }

    [Theory]
    [InlineData("Nope mul 2 as X")]
    [InlineData("Hours mul 2")]
    [InlineData("Hours mul 2 as Hours")]
    [InlineData("Hours mul 2 as X,Hours as X")]
    public async Task Bad_compute_answers_400(string compute)
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$compute=" + Uri.EscapeDataString(compute));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}

[Collection(ODataCollection.Name)]
public sealed class ComputeTestsOnSqlite(ODataFixture fixture) : ComputeTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class ComputeTestsOnPostgres(PostgresODataFixture fixture) : ComputeTests(fixture);
