using System.Net;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.Auth;

/// <summary>
/// Each demo token sees exactly what the catalog's grants give it, computed here in memory from the sandbox's rows,
/// through every path: sets, $filter, $expand, $apply, /$count, next links, keys and navigation paths.
/// </summary>
public abstract class ScopeTests(ODataFixture fixture)
{
    public static TheoryData<string> Roles => new() { "administrator", "manager", "member" };

    private SandboxUser User(string role) => role switch
    {
        "administrator" => fixture.Sandbox.Administrator,
        "manager" => fixture.Sandbox.Manager,
        _ => fixture.Sandbox.Member,
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_set_shows_exactly_the_rows_the_grants_give(string role)
    {
        var user = User(role);
        foreach (var resource in EntityCatalog.All.Where(r => r.Kind != ResourceKind.Singleton))
        {
            if (!fixture.Expected.CanEverSee(resource.Name, user))
            {
                using var refused = await fixture.GetAsync($"/odata/{resource.EntitySet}", user);
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                continue;
            }
            var (rows, count, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/{resource.EntitySet}?$select=Id&$count=true", resource.EntitySet, user);
            var expected = fixture.Expected.Visible(resource.Name, user);
            Assert.True(expected.SetEquals(FeedClient.Ids(rows)), $"{role} on {resource.EntitySet}: expected {expected.Count} rows, got {rows.Count}");
            Assert.Equal(expected.Count, count);
            using var plain = await fixture.GetAsync($"/odata/{resource.EntitySet}/$count", user);
            Assert.Equal(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await plain.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public void The_demo_roles_see_different_things()
    {
        var all = fixture.Expected.Rows("time_entries").Count;
        int manager = fixture.Expected.Visible("time_entries", fixture.Sandbox.Manager).Count;
        int member = fixture.Expected.Visible("time_entries", fixture.Sandbox.Member).Count;
        Assert.True(member > 0 && member < manager && manager < all, $"member {member}, manager {manager}, all {all}");
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Filter_apply_and_small_pages_stay_inside_the_scope(string role)
    {
        var user = User(role);
        var visible = fixture.Expected.Visible("time_entries", user);
        var entries = fixture.Expected.Rows("time_entries").Where(e => visible.Contains(e.Id)).ToList();

        var (filtered, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$filter=Hours gt 1&$select=Id", "TimeEntries", user);
        Assert.Equal(entries.Where(e => e.Dec("hours") > 1).Select(e => e.Id).Order(), FeedClient.Ids(filtered).Order());

        using (var response = await fixture.GetAsync("/odata/TimeEntries?$apply=groupby((ProjectId),aggregate($count as N))", user))
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var served = json.RootElement.GetProperty("value").EnumerateArray().ToDictionary(r => r.GetProperty("ProjectId").GetInt64(), r => r.GetProperty("N").GetInt64());
            var expected = entries.GroupBy(e => e.Long("project_id")!.Value).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Equal(expected.OrderBy(p => p.Key), served.OrderBy(p => p.Key));
        }

        var ids = new List<long>();
        string? next = "/odata/TimeEntries?$select=Id";
        do
        {
            var request = ODataFixture.Request(next, user);
            request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=97");
            using var response = await fixture.Client.SendAsync(request);
            Assert.Equal("odata.maxpagesize=97", response.Headers.GetValues("Preference-Applied").Single());
            var feed = await ODataConformance.ReadFeedAsync(response, fixture.Model, "TimeEntries");
            Assert.True(feed.Rows.Count <= 97);
            ids.AddRange(FeedClient.Ids(feed.Rows));
            next = feed.NextLink?.PathAndQuery;
        }
        while (next is not null);
        Assert.Equal(visible.Order(), ids);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Expansions_show_only_visible_related_rows(string role)
    {
        var user = User(role);
        var visibleEntries = fixture.Expected.Visible("time_entries", user);
        var visibleProjects = fixture.Expected.Visible("projects", user);
        var (entries, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$select=Id,ProjectId&$expand=Project($select=Id)", "TimeEntries", user);
        foreach (var entry in entries)
        {
            bool projectVisible = visibleProjects.Contains((long)entry["ProjectId"]!);
            Assert.Equal(projectVisible, entry.Expanded["Project"] is not null);
        }
        if (!fixture.Expected.CanEverSee("projects", user))
            return;
        var (projects, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/Projects?$select=Id&$expand=TimeEntries($select=Id)", "Projects", user);
        Assert.True(visibleProjects.SetEquals(FeedClient.Ids(projects)));
        var byProject = fixture.Expected.Rows("time_entries").Where(e => visibleEntries.Contains(e.Id)).ToLookup(e => e.Long("project_id")!.Value);
        foreach (var project in projects)
            Assert.Equal(byProject[project.Key].Select(e => e.Id).Order(), ((List<Entity>)project.Expanded["TimeEntries"]!).Select(e => e.Key).Order());
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Keys_and_navigation_paths_answer_404_for_rows_out_of_sight(string role)
    {
        var user = User(role);
        var visible = fixture.Expected.Visible("time_entries", user);
        var all = fixture.Expected.Rows("time_entries");
        var hidden = all.FirstOrDefault(e => !visible.Contains(e.Id));
        var shown = all.First(e => visible.Contains(e.Id));
        using (var response = await fixture.GetAsync($"/odata/TimeEntries({shown.Id})", user))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (hidden is not null)
        {
            using (var response = await fixture.GetAsync($"/odata/TimeEntries({hidden.Id})", user))
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using (var response = await fixture.GetAsync($"/odata/TimeEntries({hidden.Id})/Hours", user))
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using (var response = await fixture.GetAsync($"/odata/TimeEntries({hidden.Id})/Project", user))
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var visibleProjects = fixture.Expected.Visible("projects", user);
        long project = shown.Long("project_id")!.Value;
        using (var response = await fixture.GetAsync($"/odata/TimeEntries({shown.Id})/Project", user))
            Assert.Equal(visibleProjects.Contains(project) ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
        if (visibleProjects.Contains(project))
        {
            var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/Projects({project})/TimeEntries?$select=Id", "TimeEntries", user);
            Assert.Equal(all.Where(e => e.Long("project_id") == project && visible.Contains(e.Id)).Select(e => e.Id).Order(), FeedClient.Ids(rows).Order());
        }
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Batch_parts_read_inside_the_callers_scope(string role)
    {
        var user = User(role);
        var visible = fixture.Expected.Visible("time_entries", user);
        var hidden = fixture.Expected.Rows("time_entries").FirstOrDefault(e => !visible.Contains(e.Id));
        var shown = fixture.Expected.Rows("time_entries").First(e => visible.Contains(e.Id));
        string batch = $$"""
            {"requests":[
              {"id":"count","method":"GET","url":"TimeEntries/$count"},
              {"id":"apply","method":"GET","url":"TimeEntries?$apply=aggregate($count as N)"},
              {"id":"shown","method":"GET","url":"TimeEntries({{shown.Id}})?$select=Id"},
              {"id":"hidden","method":"GET","url":"TimeEntries({{hidden?.Id ?? shown.Id}})?$select=Id"}]}
            """;
        var request = ODataFixture.Request("/odata/$batch", user);
        request.Method = HttpMethod.Post;
        request.Content = new StringContent(batch, System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var answers = json.RootElement.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());
        Assert.Equal(visible.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), answers["count"].GetProperty("body").ToString());
        Assert.Equal(visible.Count, answers["apply"].GetProperty("body").GetProperty("value")[0].GetProperty("N").GetInt64());
        Assert.Equal(200, answers["shown"].GetProperty("status").GetInt32());
        Assert.Equal(hidden is null ? 200 : 404, answers["hidden"].GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Navigation_paths_in_filters_cannot_probe_hidden_rows()
    {
        var member = fixture.Sandbox.Member;
        var visibleProjects = fixture.Expected.Visible("projects", member);
        var hiddenProject = fixture.Expected.Rows("projects").First(p => !visibleProjects.Contains(p.Id));
        string name = hiddenProject.Str("name")!.Replace("'", "''");
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/TimeEntries?$filter=Project/Name eq '{name}'&$select=Id", "TimeEntries", member);
        Assert.Empty(rows);
        var (any, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/Users?$filter=TimeEntries/any(t: t/ProjectId eq {hiddenProject.Id})&$select=Id", "Users", member);
        Assert.Empty(any);
    }
}

[Collection(ODataCollection.Name)]
public sealed class ScopeTestsOnSqlite(ODataFixture fixture) : ScopeTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class ScopeTestsOnPostgres(PostgresODataFixture fixture) : ScopeTests(fixture);
