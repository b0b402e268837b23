using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>$expand, single and collection, with nested $select/$filter/$orderby/$top/$count and nesting.</summary>
public abstract class ExpandTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    [Fact]
    public async Task Single_navigations_expand_with_nested_select()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$select=Id,ProjectId&$expand=Project($select=Name),User($select=FirstName,LastName)&$top=700", "TimeEntries");
        Assert.Equal(700, rows.Count);
        foreach (var row in rows)
        {
            var project = (Entity)row.Expanded["Project"]!;
            Assert.Equal(["Name"], project.Values.Keys);
            Assert.Equal(fixture.Expected.Row("projects", (long)row["ProjectId"]!).Str("name"), project["Name"]);
            var user = (Entity)row.Expanded["User"]!;
            var expected = fixture.Expected.Row("users", fixture.Expected.Row("time_entries", row.Key).Long("user_id")!.Value);
            Assert.Equal(expected.Str("first_name"), user["FirstName"]);
        }
    }

    [Fact]
    public async Task Collection_navigations_expand_with_nested_filter_orderby_top_and_count()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture,
            "/odata/Projects?$select=Id&$expand=TimeEntries($filter=Hours gt 2;$orderby=Hours desc,Id;$top=3;$select=Id,Hours;$count=true)", "Projects");
        Assert.Equal(fixture.Expected.Rows("projects").Count, rows.Count);
        var byProject = Entries.ToLookup(e => e.Long("project_id")!.Value);
        foreach (var row in rows)
        {
            var expected = byProject[row.Key].Where(e => e.Dec("hours") > 2).OrderByDescending(e => e.Dec("hours")).ThenBy(e => e.Id).Take(3).Select(e => e.Id);
            Assert.Equal(expected, ((List<Entity>)row.Expanded["TimeEntries"]!).Select(e => e.Key));
        }
    }

    [Fact]
    public async Task Nested_count_counts_the_filtered_related_rows()
    {
        using var response = await fixture.GetAsync("/odata/Projects?$select=Id&$expand=TimeEntries($filter=Hours gt 2;$top=1;$count=true)");
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var byProject = Entries.ToLookup(e => e.Long("project_id")!.Value);
        foreach (var project in json.RootElement.GetProperty("value").EnumerateArray())
        {
            long id = project.GetProperty("Id").GetInt64();
            Assert.Equal(byProject[id].Count(e => e.Dec("hours") > 2), project.GetProperty("TimeEntries@odata.count").GetInt64());
        }
    }

    [Fact]
    public async Task Expansions_nest_and_the_context_url_names_them_without_empty_parentheses()
    {
        using var response = await fixture.GetAsync("/odata/Clients?$select=Name&$expand=Projects($select=Id,Name;$expand=TaskAssignments($select=Id)),Contacts");
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("$metadata#Clients(Name,Projects(Id,Name,TaskAssignments(Id)),Contacts)\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("()", body, StringComparison.Ordinal);
        const string url = "/odata/Clients?$select=Name&$expand=Projects($select=Id,Name;$expand=TaskAssignments($select=Id)),Contacts";
        var feed = await ODataConformance.ReadFeedAsync(await fixture.GetAsync(url), fixture.Model, "Clients");
        await FeedClient.AssertSameInFullMetadataAsync(fixture, url, "Clients", feed.Rows);
        var tasks = fixture.Expected.Rows("task_assignments").ToLookup(t => t.Long("project_id")!.Value);
        foreach (var client in feed.Rows)
        {
            foreach (var project in (List<Entity>)client.Expanded["Projects"]!)
                Assert.Equal(tasks[project.Key].Select(t => t.Id).Order(), ((List<Entity>)project.Expanded["TaskAssignments"]!).Select(t => t.Key).Order());
        }
    }

    [Fact]
    public async Task Embedded_line_items_and_per_parent_sets_expand_from_their_parent()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Invoices?$select=Id&$expand=InvoiceLineItems($select=Id),InvoicePayments($select=Id)", "Invoices");
        var lines = fixture.Expected.Rows("invoice_line_items").ToLookup(l => l.Long("invoice_id")!.Value);
        var payments = fixture.Expected.Rows("invoice_payments").ToLookup(l => l.Long("invoice_id")!.Value);
        Assert.Contains(rows, r => ((List<Entity>)r.Expanded["InvoiceLineItems"]!).Count > 0);
        foreach (var invoice in rows)
        {
            Assert.Equal(lines[invoice.Key].Select(l => l.Id).Order(), ((List<Entity>)invoice.Expanded["InvoiceLineItems"]!).Select(l => l.Key).Order());
            Assert.Equal(payments[invoice.Key].Select(l => l.Id).Order(), ((List<Entity>)invoice.Expanded["InvoicePayments"]!).Select(l => l.Key).Order());
        }
    }

    [Fact]
    public async Task Expand_star_expands_every_navigation()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Roles?$expand=*", "Roles");
        foreach (var role in rows)
            Assert.Equal(fixture.Expected.Row("roles", role.Key).Links["role_users"].Order(), ((List<Entity>)role.Expanded["Users"]!).Select(u => u.Key).Order());
    }

    [Fact]
    public async Task Expansion_deeper_than_the_limit_is_refused()
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$expand=Project($expand=Client($expand=Projects($expand=TimeEntries)))");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}

[Collection(ODataCollection.Name)]
public sealed class ExpandTestsOnSqlite(ODataFixture fixture) : ExpandTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class ExpandTestsOnPostgres(PostgresODataFixture fixture) : ExpandTests(fixture);
