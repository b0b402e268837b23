using System.Net;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.Client;

public sealed class HarvestClientTests
{
    private const string Client1 = """{"id":1,"name":"A","is_active":true,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}""";
    private const string Client2 = """{"id":2,"name":"B","is_active":true,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}""";
    private static readonly ResourceDefinition Clients = EntityCatalog.Get("clients");

    private static Task<List<HarvestPage>> All(IHarvestClient client, ResourceDefinition resource, ListQuery query) =>
        client.ListAsync(resource, query).ToListAsync().AsTask();

    [Fact]
    public async Task Every_call_carries_auth_account_user_agent_and_accept_and_every_body_its_content_type()
    {
        using var harvest = new TestHarvest();
        string entry = Examples.Text("time_entry_update.json");
        harvest.Handler.Answer = (call, _, _) => Task.FromResult(RecordingHandler.Json(call.Uri.AbsolutePath switch
        {
            "/v2/clients" => """{"clients":[],"links":{"next":null}}""",
            "/v2/company" => Examples.Text("company.json"),
            "/v2/users/me" => Examples.Text("users_me.json"),
            _ when call.Method == HttpMethod.Delete => "",
            _ => entry,
        }));
        var timeEntries = EntityCatalog.Get("time_entries");

        await All(harvest.Client, Clients, ListQuery.All);
        await harvest.Client.GetCompanyAsync();
        await harvest.Client.GetMeAsync();
        await harvest.Client.GetAsync(timeEntries, 636718192);
        await harvest.Client.CreateAsync(timeEntries, new JsonObject { ["project_id"] = 1, ["task_id"] = 2, ["spent_date"] = "2024-05-06" });
        await harvest.Client.UpdateAsync(timeEntries, 636718192, new JsonObject { ["notes"] = "x" });
        await harvest.Client.InvokeAsync(timeEntries, "stop", 636718192);
        await harvest.Client.DeleteAsync(timeEntries, 636718192);

        var calls = harvest.Handler.Calls;
        Assert.Equal(8, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal($"Bearer {TestHarvest.Token}", call.Headers["Authorization"]);
            Assert.Equal(TestHarvest.AccountId, call.Headers["Harvest-Account-Id"]);
            Assert.Equal(TestHarvest.UserAgent, call.Headers["User-Agent"]);
            Assert.Equal("application/json", call.Headers["Accept"]);
            if (!string.IsNullOrEmpty(call.Body))
                Assert.Equal("application/json", call.ContentType);
        });
        // Calls without a body send an empty one (Content-Length: 0), so the HTTP stack never re-sends them unseen.
        Assert.Equal(2, calls.Count(c => !string.IsNullOrEmpty(c.Body)));
        Assert.Equal(["GET", "GET", "GET", "GET", "POST", "PATCH", "PATCH", "DELETE"], calls.Select(c => c.Method.Method));
        Assert.Equal("/v2/time_entries/636718192/stop", calls[6].Uri.AbsolutePath);
    }

    [Fact]
    public async Task Lists_follow_links_next_verbatim_through_cursor_pages_whose_page_numbers_are_null()
    {
        using var harvest = new TestHarvest();
        // Harvest's own first page (pagination docs), with real client objects in place of the placeholder.
        var first = JsonNode.Parse(Examples.Text("pagination_clients_cursor_first_page.json"))!.AsObject();
        first["clients"] = new JsonArray(JsonNode.Parse(Client1));
        string next1 = first["links"]!["next"]!.GetValue<string>();
        const string next2 = "https://api.harvestapp.com/v2/clients?cursor=eyJhZnRlciI6eyJpZCI6MX19&per_page=2000&ref=next_cursor";
        var middle = $$$"""{"clients":[{{{Client2}}}],"page":null,"next_page":null,"previous_page":null,"total_pages":3,"total_entries":3,"links":{"next":"{{{next2}}}"}}""";
        const string last = """{"clients":[],"page":3,"next_page":null,"total_pages":3,"total_entries":3,"links":{"next":null}}""";
        harvest.Handler.Answer = (_, index, _) => Task.FromResult(RecordingHandler.Json(index switch { 0 => first.ToJsonString(), 1 => middle, _ => last }));

        var pages = await All(harvest.Client, Clients, ListQuery.All);

        Assert.Equal(["https://api.harvestapp.com/v2/clients?per_page=2000", next1, next2], harvest.Handler.Calls.Select(c => c.Uri.OriginalString));
        Assert.Equal([1, 2, 3], pages.Select(p => p.Number));
        Assert.Equal([1L, 2L], pages.SelectMany(p => p.Records).Select(r => r.Id));
        Assert.Equal(257, pages[0].TotalEntries);
        Assert.Null(pages[^1].Next);
    }

    [Fact]
    public async Task The_first_request_sends_per_page_2000_and_the_filters_in_harvests_formats()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Json("""{"time_entries":[],"links":{"next":null}}"""));
        var query = new ListQuery
        {
            UpdatedSince = new DateTimeOffset(2024, 5, 6, 9, 8, 7, 654, TimeSpan.FromHours(2)),
            From = new DateOnly(2024, 1, 1),
            To = new DateOnly(2024, 12, 31),
            Filters = new Dictionary<string, string> { ["user_id"] = "42" },
        };

        await All(harvest.Client, EntityCatalog.Get("time_entries"), query);

        var uri = harvest.Handler.Calls.Single().Uri;
        Assert.Equal("/v2/time_entries", uri.AbsolutePath);
        Assert.Equal("?per_page=2000&updated_since=2024-05-06T07:08:07Z&from=2024-01-01&to=2024-12-31&user_id=42", Uri.UnescapeDataString(uri.Query));
    }

    [Fact]
    public async Task Per_parent_lists_use_the_parent_path_and_set_the_parent_column()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Json(Examples.Text("invoice_payments.json")));

        var pages = await All(harvest.Client, EntityCatalog.Get("invoice_payments"), new ListQuery { ParentId = 13150378 });

        Assert.Equal("/v2/invoices/13150378/payments", harvest.Handler.Calls.Single().Uri.AbsolutePath);
        Assert.All(pages.Single().Records, r => Assert.Equal(13150378L, r["invoice_id"]));
        await Assert.ThrowsAsync<ArgumentException>(() => All(harvest.Client, EntityCatalog.Get("invoice_payments"), ListQuery.All));
    }

    [Fact]
    public async Task Write_paths_are_filled_from_path_values_and_the_body()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (call, _, _) => Task.FromResult(RecordingHandler.Json(call.Uri.AbsolutePath.Contains("payments")
            ? """{"id":5,"amount":10,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}"""
            : """{"id":7,"project":{"id":5},"task":{"id":3},"is_active":true,"billable":true,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}"""));
        var assignments = EntityCatalog.Get("task_assignments");

        await harvest.Client.CreateAsync(assignments, new JsonObject { ["task_id"] = 3 }, new Dictionary<string, object?> { ["project_id"] = 5L });
        await harvest.Client.UpdateAsync(assignments, 7, new JsonObject { ["project_id"] = 5, ["billable"] = true });
        await harvest.Client.DeleteAsync(assignments, 7, new Dictionary<string, object?> { ["project_id"] = 5 });
        var payment = await harvest.Client.CreateAsync(EntityCatalog.Get("invoice_payments"), new JsonObject { ["amount"] = 10 },
            new Dictionary<string, object?> { ["invoice_id"] = 99L });

        Assert.Equal(["/v2/projects/5/task_assignments", "/v2/projects/5/task_assignments/7", "/v2/projects/5/task_assignments/7", "/v2/invoices/99/payments"],
            harvest.Handler.Calls.Select(c => c.Uri.AbsolutePath));
        Assert.Equal(99L, payment["invoice_id"]);
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => harvest.Client.UpdateAsync(assignments, 7, new JsonObject()));
        Assert.Contains("project_id", missing.Message);
    }

    [Fact]
    public async Task A_422_surfaces_harvests_message()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Json("""{"message":"Project can't be blank"}""", HttpStatusCode.UnprocessableEntity));

        var error = await Assert.ThrowsAsync<HarvestApiException>(() =>
            harvest.Client.CreateAsync(EntityCatalog.Get("time_entries"), new JsonObject { ["task_id"] = 1 }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
        Assert.Equal("Project can't be blank", error.Message);
        Assert.Single(harvest.Handler.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Refusals_carry_their_status_and_never_the_token(HttpStatusCode status)
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Json(
            """{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."}""", status));

        var error = await Assert.ThrowsAsync<HarvestApiException>(() => All(harvest.Client, Clients, ListQuery.All));

        Assert.Equal(status, error.Status);
        Assert.Contains(((int)status).ToString(), error.Message);
        Assert.DoesNotContain(TestHarvest.Token, error.ToString());
        Assert.Single(harvest.Handler.Calls);
    }

    [Fact]
    public async Task Getting_a_record_that_is_gone_returns_null()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Status(HttpStatusCode.NotFound));

        Assert.Null(await harvest.Client.GetAsync(Clients, 404));
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_so_the_token_never_leaves_the_api_root()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Json(
            """{"clients":[],"links":{"next":"https://evil.example.com/v2/clients?page=2"}}"""));

        await Assert.ThrowsAsync<InvalidDataException>(() => All(harvest.Client, Clients, ListQuery.All));

        Assert.All(harvest.Handler.Calls, c => Assert.Equal("api.harvestapp.com", c.Uri.Host));
    }

    [Fact]
    public async Task The_company_is_keyed_by_the_account_id()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Json(Examples.Text("company.json")));

        var company = await harvest.Client.GetCompanyAsync();

        Assert.Equal(long.Parse(TestHarvest.AccountId), company.Id);
        Assert.Equal("API Examples", company["name"]);
    }
}
