using System.Net;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>$select, $orderby, $top, $skip, $count, $search and the resource paths, against LINQ over the sandbox.</summary>
public abstract class QueryOptionTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    [Fact]
    public async Task Full_read_returns_every_row_with_every_value_as_the_sandbox_has_it()
    {
        var (rows, _, pages) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries", "TimeEntries");
        Assert.Equal(Entries.Count, rows.Count);
        Assert.True(pages >= Entries.Count / ODataFixture.PageSize);
        var byId = Entries.ToDictionary(e => e.Id);
        foreach (var row in rows)
        {
            FeedClient.AssertSameAsSandbox(row, byId[row.Key]);
            // updated_at and the mirror's row version (1: the fixture's mirror has been written once).
            Assert.Equal($"W/\"{byId[row.Key].Time("updated_at").UtcDateTime:yyyy-MM-ddTHH:mm:ssZ};1\"", row.ETag);
        }
    }

    [Theory]
    [InlineData("Projects"), InlineData("Clients"), InlineData("Users"), InlineData("Invoices"), InlineData("InvoiceLineItems"), InlineData("Expenses"),
     InlineData("Estimates"), InlineData("EstimateLineItems"), InlineData("Roles"), InlineData("TaskAssignments"), InlineData("UserAssignments"),
     InlineData("InvoicePayments"), InlineData("InvoiceMessages"), InlineData("EstimateMessages"), InlineData("BillableRates"), InlineData("CostRates"),
     InlineData("Tasks"), InlineData("Contacts"), InlineData("ExpenseCategories"), InlineData("InvoiceItemCategories"), InlineData("EstimateItemCategories")]
    public async Task Every_set_reads_back_conformant_and_complete(string set)
    {
        var resource = EntityCatalog.All.Single(r => r.EntitySet == set);
        var expected = fixture.Expected.Rows(resource.Name).ToDictionary(r => r.Id);
        var (rows, count, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/{set}?$count=true", set);
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Count, count);
        foreach (var row in rows)
            FeedClient.AssertSameAsSandbox(row, expected[row.Key]);
    }

    [Fact]
    public async Task Company_singleton_reads_back()
    {
        using var response = await fixture.GetAsync("/odata/Company");
        var entity = await ODataConformance.ReadEntityAsync(response, fixture.Model, "Company");
        await FeedClient.AssertEntitySameInFullMetadataAsync(fixture, "/odata/Company", "Company", entity);
        FeedClient.AssertSameAsSandbox(entity, fixture.Expected.Rows("company")[0]);
        Assert.Contains("$metadata#Company\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_returns_exactly_the_named_properties()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$select=Id,Hours,SpentDate&$top=50", "TimeEntries");
        Assert.All(rows, r => Assert.Equal(["Hours", "Id", "SpentDate"], r.Values.Keys.Order()));
    }

    [Fact]
    public async Task Orderby_with_several_keys_and_skip_top()
    {
        var expected = Entries.OrderByDescending(r => r.Long("project_id")).ThenBy(r => r.Dec("hours")).ThenBy(r => r.Id).Skip(37).Take(620).Select(r => r.Id).ToList();
        var (rows, _, pages) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$orderby=ProjectId desc,Hours&$skip=37&$top=620&$select=Id", "TimeEntries");
        Assert.Equal(expected, FeedClient.Ids(rows));
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task Orderby_nullable_text_puts_nulls_first_ascending_and_last_descending()
    {
        var ascending = Entries.OrderBy(r => r.Str("notes"), StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id).ToList();
        var descending = Entries.OrderByDescending(r => r.Str("notes"), StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id).ToList();
        Assert.Equal(ascending, FeedClient.Ids((await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$orderby=Notes&$select=Id", "TimeEntries")).Rows));
        Assert.Equal(descending, FeedClient.Ids((await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$orderby=Notes desc&$select=Id", "TimeEntries")).Rows));
    }

    [Fact]
    public async Task Count_inline_and_as_a_path_segment()
    {
        int expected = Entries.Count(r => r.Bool("billable"));
        var (_, count, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$filter=Billable&$count=true&$top=1", "TimeEntries");
        Assert.Equal(expected, count);
        using var response = await fixture.GetAsync("/odata/TimeEntries/$count?$filter=Billable");
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Search_matches_terms_in_text_columns_with_and_or_not()
    {
        var words = Entries.Select(r => r.Str("notes")).OfType<string>().SelectMany(n => n.Split(' ')).Where(w => w.Length > 4 && w.All(char.IsLetter))
            .GroupBy(w => w.ToLowerInvariant()).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(2).ToArray();
        var text = Entries[0].Resource.Fields.Where(f => f.Type is FieldType.String or FieldType.StringList).Select(f => f.Column).ToList();
        bool Has(HarvestRecord r, string w) => text.Any(c => r[c] is string s && s.Contains(w, StringComparison.OrdinalIgnoreCase));
        foreach (var (search, predicate) in new (string, Func<HarvestRecord, bool>)[]
                 {
                     ($"{words[0]} AND NOT {words[1]}", r => Has(r, words[0]) && !Has(r, words[1])),
                     ($"{words[0]} OR {words[1]}", r => Has(r, words[0]) || Has(r, words[1])),
                     ($"\"{words[1]}\"", r => Has(r, words[1])),
                 })
        {
            var expected = Entries.Where(predicate).Select(r => r.Id).Order().ToList();
            Assert.NotEmpty(expected);
            var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/TimeEntries?$search={Uri.EscapeDataString(search)}&$select=Id", "TimeEntries");
            Assert.Equal(expected, FeedClient.Ids(rows).Order().ToList());
        }
    }

    [Fact]
    public async Task Entity_by_key_property_value_and_navigation_paths()
    {
        var entry = Entries[Entries.Count / 2];
        using (var response = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})"))
        {
            var read = await ODataConformance.ReadEntityAsync(response, fixture.Model, "TimeEntries");
            FeedClient.AssertSameAsSandbox(read, entry);
            await FeedClient.AssertEntitySameInFullMetadataAsync(fixture, $"/odata/TimeEntries({entry.Id})", "TimeEntries", read);
        }
        using (var response = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})/Hours"))
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal((decimal)(double)entry.Dec("hours")!.Value, json.RootElement.GetProperty("value").GetDecimal());
            Assert.EndsWith($"$metadata#TimeEntries({entry.Id})/Hours", json.RootElement.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        }
        using (var response = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})/SpentDate/$value"))
            Assert.Equal(entry.Date("spent_date").ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        using (var response = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})/Project"))
        {
            var project = await ODataConformance.ReadEntityAsync(response, fixture.Model, "Projects");
            Assert.Equal(entry.Long("project_id"), project.Key);
            await FeedClient.AssertEntitySameInFullMetadataAsync(fixture, $"/odata/TimeEntries({entry.Id})/Project", "Projects", project);
        }
        long projectId = entry.Long("project_id")!.Value;
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/Projects({projectId})/TimeEntries?$select=Id", "TimeEntries");
        Assert.Equal(Entries.Where(e => e.Long("project_id") == projectId).Select(e => e.Id).Order(), FeedClient.Ids(rows).Order());
        using (var count = await fixture.GetAsync($"/odata/Projects({projectId})/TimeEntries/$count"))
            Assert.Equal(rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await count.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_null_property_answers_204_and_a_missing_entity_404()
    {
        var entry = Entries.First(e => e.Long("invoice_id") is null);
        using (var response = await fixture.GetAsync($"/odata/TimeEntries({entry.Id})/InvoiceId"))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using (var response = await fixture.GetAsync("/odata/TimeEntries(999999999)"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using (var response = await fixture.GetAsync("/odata/Projects(999999999)/TimeEntries"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Many_to_many_roles_and_users_both_ways()
    {
        var role = fixture.Expected.Rows("roles").First(r => r.Links.GetValueOrDefault("role_users")?.Count > 0);
        var (users, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/Roles({role.Id})/Users?$select=Id", "Users");
        Assert.Equal(role.Links["role_users"].Order(), FeedClient.Ids(users).Order());
        long user = role.Links["role_users"][0];
        var (roles, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/Users({user})/LinkedRoles?$select=Id", "Roles");
        Assert.Contains(role.Id, FeedClient.Ids(roles));
        Assert.Equal(fixture.Expected.Rows("roles").Where(r => r.Links.GetValueOrDefault("role_users")?.Contains(user) == true).Select(r => r.Id).Order(), FeedClient.Ids(roles).Order());
    }
}

[Collection(ODataCollection.Name)]
public sealed class QueryOptionTestsOnSqlite(ODataFixture fixture) : QueryOptionTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class QueryOptionTestsOnPostgres(PostgresODataFixture fixture) : QueryOptionTests(fixture);
