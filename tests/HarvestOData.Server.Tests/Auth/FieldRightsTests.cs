using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.Auth;

/// <summary>
/// Columns are scoped as well as rows: of a row a role meets only through references (a member's assigned projects and
/// their clients) Harvest shows the embedded shape (<c>{id, name, code}</c>), and the OData feed shows the same fields,
/// the others reading as null on every path. Expected fields come from the catalog's grants; the sandbox's own answers
/// and the server's are both compared with them.
/// </summary>
public abstract class FieldRightsTests(ODataFixture fixture)
{
    public static TheoryData<string> Roles => new() { "administrator", "manager", "member" };

    /// <summary>The resources whose grants may hide fields, read from the catalog.</summary>
    private static IEnumerable<ResourceDefinition> Shaped =>
        EntityCatalog.All.Where(r => r.Kind == ResourceKind.TopLevel && r.Fields.Any(f => r.MayHide(f.Column)));

    private SandboxUser User(string role) => role switch
    {
        "administrator" => fixture.Sandbox.Administrator,
        "manager" => fixture.Sandbox.Manager,
        _ => fixture.Sandbox.Member,
    };

    [Fact]
    public void The_catalog_scopes_the_fields_of_clients_and_projects_met_only_through_references()
    {
        Assert.Contains(Shaped, r => r.Name == "clients");
        Assert.Contains(Shaped, r => r.Name == "projects");
        Assert.Equal(["currency", "id", "name"], EntityCatalog.Get("clients").EmbeddedFields.Order());
        Assert.Equal(["client_id", "code", "id", "name"], EntityCatalog.Get("projects").EmbeddedFields.Order());
    }

    [Fact]
    public void Every_grant_shows_the_columns_any_grant_of_its_resource_selects_rows_by()
    {
        // The OData layer applies the row predicate over the column-scoped view, so grant columns must never be hidden.
        foreach (var resource in EntityCatalog.All)
        {
            foreach (var column in resource.Grants.Select(g => g.Column).Distinct())
                Assert.All(resource.Grants, g => Assert.True(resource.Shows(g, column), $"{resource.Name}: a grant hides {column}"));
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_is_shown_the_fields_the_catalog_grants_by_the_sandbox_and_by_the_feed_alike(string role)
    {
        var user = User(role);
        using var harvest = SandboxClient(user);
        int compared = 0;
        foreach (var resource in Shaped)
        {
            if (!fixture.Expected.CanEverSee(resource.Name, user))
                continue;
            var visible = fixture.Expected.Visible(resource.Name, user);
            var (served, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/{resource.EntitySet}", resource.EntitySet, user);
            Assert.True(visible.SetEquals(FeedClient.Ids(served)), $"{role} on {resource.EntitySet}: rows differ");
            foreach (var entity in served)
            {
                var row = fixture.Expected.Row(resource.Name, entity.Key);
                var shown = fixture.Expected.Shown(resource.Name, user, row);

                using var answer = await harvest.GetAsync($"{resource.Name}/{row.Id}");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
                foreach (var field in resource.Fields.Where(f => f.JsonPath.Count > 0))
                {
                    bool sandboxShows = json.RootElement.TryGetProperty(field.JsonPath[0], out _);
                    Assert.True(shown.Contains(field.Column) == sandboxShows,
                        $"{role}: the sandbox {(sandboxShows ? "shows" : "hides")} {row} {field.Column}, the catalog says otherwise");
                }
                foreach (var field in resource.Fields)
                {
                    object? expected = shown.Contains(field.Column) ? row[field.Column] : null;
                    if (field.Type == FieldType.Decimal && expected is decimal d)
                        expected = (decimal)(double)d;
                    object? actual = entity[field.ODataName];
                    Assert.True(Equals(FeedClient.Normal(expected), FeedClient.Normal(actual)),
                        $"{role}: {row} {field.ODataName} served '{actual}', expected '{expected}'");
                }
                compared++;
            }
        }
        Assert.True(compared > 0);
        Assert.Equal(0, fixture.Sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, fixture.Sandbox.Counters.CallsWhileThrottled);
    }

    [Fact]
    public async Task A_member_reads_only_the_name_of_assigned_clients_and_projects()
    {
        var member = fixture.Sandbox.Member;
        var (clients, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Clients?$select=Id,Name,StatementKey,Address", "Clients", member);
        Assert.NotEmpty(clients);
        Assert.All(clients, c =>
        {
            Assert.Equal(fixture.Expected.Row("clients", c.Key).Str("name"), c["Name"]);
            Assert.Null(c["StatementKey"]);
            Assert.Null(c["Address"]);
        });
        var (projects, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Projects?$select=Id,Name,Fee,Budget,CostBudget,HourlyRate,Notes", "Projects", member);
        Assert.NotEmpty(projects);
        Assert.All(projects, p =>
        {
            Assert.Equal(fixture.Expected.Row("projects", p.Key).Str("name"), p["Name"]);
            foreach (var hidden in new[] { "Fee", "Budget", "CostBudget", "HourlyRate", "Notes" })
                Assert.Null(p[hidden]);
        });
        Assert.True(fixture.Expected.Rows("projects").Where(p => FeedClient.Ids(projects).Contains(p.Id)).Any(p => p["budget"] is not null || p["hourly_rate"] is not null),
            "the member's projects have hidden values to leak");
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("member")]
    public async Task Hidden_fields_cannot_be_probed_by_filter_orderby_apply_search_or_paths(string role)
    {
        var user = User(role);
        var projects = fixture.Expected.Visible("projects", user)
            .Select(id => fixture.Expected.Row("projects", id)).ToList();
        bool ShowsBudget(HarvestRecord p) => fixture.Expected.Shown("projects", user, p).Contains("budget");
        var hidden = projects.Where(p => !ShowsBudget(p)).ToList();
        Assert.Contains(hidden, p => p.Dec("budget") > 0);

        // $filter by a hidden value selects only rows whose value is shown.
        var (filtered, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Projects?$filter=Budget gt 0&$select=Id", "Projects", user);
        Assert.Equal(projects.Where(p => ShowsBudget(p) && p.Dec("budget") > 0).Select(p => p.Id).Order(), FeedClient.Ids(filtered).Order());

        // $orderby by a hidden value sorts those rows as nulls, i.e. by key, whatever their budgets.
        var (ordered, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Projects?$orderby=Budget desc,Id&$select=Id,Budget", "Projects", user);
        var nulls = ordered.Where(p => p["Budget"] is null).Select(p => p.Key).ToList();
        Assert.Equal(projects.Where(p => !ShowsBudget(p) || p["budget"] is null).Select(p => p.Id).Order(), nulls);

        // $apply: sums and groups see nulls.
        using (var response = await fixture.GetAsync("/odata/Projects?$apply=groupby((Budget),aggregate(Fee with sum as Fees,$count as N))", user))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var groups = json.RootElement.GetProperty("value").EnumerateArray().ToList();
            var nullGroup = groups.Single(g => g.GetProperty("Budget").ValueKind == JsonValueKind.Null);
            Assert.True(nullGroup.GetProperty("N").GetInt64() >= hidden.Count);
            Assert.Equal(projects.Where(p => ShowsBudget(p)).Sum(p => p.Dec("fee") ?? 0), groups.Sum(g => g.GetProperty("Fees").GetDecimal()));
        }

        // $search looks only into shown text.
        var secret = hidden.Select(p => p.Str("notes")).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n) && n.Split(' ').Any(w => w.Length > 4));
        if (secret is not null)
        {
            string word = secret.Split(' ').First(w => w.Length > 4).Trim('.', ',', '"', '\'');
            var (found, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/Projects?$search=\"{word}\"&$select=Id", "Projects", user);
            Assert.DoesNotContain(found, p => hidden.Any(h => h.Id == p.Key && !(h.Str("name") ?? "").Contains(word, StringComparison.OrdinalIgnoreCase)
                && !(h.Str("code") ?? "").Contains(word, StringComparison.OrdinalIgnoreCase)));
        }

        // Navigation paths and any/all from other sets see the same nulls.
        var (entries, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$filter=Project/Budget gt 0&$select=Id,ProjectId", "TimeEntries", user);
        Assert.DoesNotContain(entries, e => hidden.Any(h => h.Id == (long)e["ProjectId"]!));
        var (clients, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Clients?$filter=Projects/any(p: p/Budget gt 0)&$select=Id", "Clients", user);
        var clientsOfShownBudgets = projects.Where(p => ShowsBudget(p) && p.Dec("budget") > 0).Select(p => p.Long("client_id")!.Value).ToHashSet();
        Assert.True(FeedClient.Ids(clients).All(clientsOfShownBudgets.Contains));

        // $expand shows the embedded shape too, and a property path answers no value.
        var (expanded, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$select=Id,ProjectId&$expand=Project($select=Id,Name,Budget,Notes)", "TimeEntries", user);
        foreach (var entry in expanded.Where(e => hidden.Any(h => h.Id == (long)e["ProjectId"]!)))
        {
            var project = (Entity)entry.Expanded["Project"]!;
            Assert.Equal(fixture.Expected.Row("projects", project.Key).Str("name"), project["Name"]);
            Assert.Null(project["Budget"]);
            Assert.Null(project["Notes"]);
        }
        using (var property = await fixture.GetAsync($"/odata/Projects({hidden.First(p => p.Dec("budget") > 0).Id})/Budget", user))
            Assert.Equal(HttpStatusCode.NoContent, property.StatusCode);
    }

    [Fact]
    public async Task A_manager_reads_managed_projects_whole_in_the_same_feed_as_merely_assigned_ones()
    {
        var manager = fixture.Sandbox.Manager;
        var (projects, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Projects?$select=Id,Name,Budget,IsActive", "Projects", manager);
        var managed = fixture.Expected.IdSet(ScopeSet.ManagedProjects, manager);
        Assert.Contains(projects, p => managed.Contains(p.Key));
        Assert.Contains(projects, p => !managed.Contains(p.Key));
        foreach (var project in projects)
        {
            var row = fixture.Expected.Row("projects", project.Key);
            Assert.Equal(managed.Contains(project.Key) ? row["is_active"] : null, project["IsActive"]);
        }
    }

    private HttpClient SandboxClient(SandboxUser user)
    {
        var client = new HttpClient(fixture.Sandbox.CreateHandler()) { BaseAddress = fixture.Sandbox.BaseAddress };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("HarvestOData.Tests (tests@example.com)");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        client.DefaultRequestHeaders.Add("Harvest-Account-Id", fixture.Sandbox.AccountId);
        return client;
    }
}

[Collection(ODataCollection.Name)]
public sealed class FieldRightsTestsOnSqlite(ODataFixture fixture) : FieldRightsTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class FieldRightsTestsOnPostgres(PostgresODataFixture fixture) : FieldRightsTests(fixture);
