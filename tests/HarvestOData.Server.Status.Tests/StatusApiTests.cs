using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Status.Tests.Support;

namespace HarvestOData.Server.Status.Tests;

/// <summary>The status page's HTTP surface on the real server: who gets in, what <c>/status</c> says, health, the connector.</summary>
[Collection(ServerFixtureCollection.Name)]
public sealed class StatusApiTests(ServerFixture fixture)
{
    private StatusServer Server => fixture.Server;

    [Theory]
    [InlineData("/")]
    [InlineData("/status")]
    public async Task Without_credentials_the_answer_is_401_with_a_Basic_challenge_so_a_browser_prompts(string path)
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, path, null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"HarvestOData\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_token_Harvest_refuses_gets_401()
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/status", "Bearer 42.pt.not-a-real-token-at-all"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("manager", "/")]
    [InlineData("member", "/")]
    [InlineData("manager", "/status")]
    [InlineData("member", "/status")]
    public async Task A_token_that_is_not_an_administrators_gets_403(string role, string path)
    {
        var user = role == "manager" ? Server.Sandbox.Manager : Server.Sandbox.Member;

        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, path, StatusServer.Basic(user)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("administrators", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sync_now_needs_an_administrator_too()
    {
        using var member = await Server.Http.SendAsync(Server.Request(HttpMethod.Post, "/status/sync/clients", "Bearer " + Server.Sandbox.Member.Token));
        using var anonymous = await Server.Http.SendAsync(Server.Request(HttpMethod.Post, "/status/sync/clients", null));

        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Sync_now_from_another_site_is_refused_even_with_an_administrators_credentials()
    {
        using var request = Server.Request(HttpMethod.Post, "/status/sync/clients", StatusServer.Basic(Server.Sandbox.Administrator));
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Sync_now_of_a_resource_the_mirror_does_not_sync_is_404()
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Post, "/status/sync/nonsense", "Bearer " + Server.Sandbox.Administrator.Token));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_refused()
    {
        using var response = await Server.Http.GetAsync("/status?access_token=" + Server.Sandbox.Administrator.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Status_json_describes_every_resource_with_links_from_the_request_and_no_secret()
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/status", "Bearer " + Server.Sandbox.Administrator.Token));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.True(root.GetProperty("ready").GetBoolean());
        Assert.Equal("sandbox", root.GetProperty("mode").GetString());
        Assert.Equal(new Uri(Server.Address, "odata").ToString(), root.GetProperty("links").GetProperty("feed").GetString());
        Assert.Equal(new Uri(Server.Address, "connector/HarvestOData.mez").ToString(), root.GetProperty("links").GetProperty("connector").GetString());
        var names = root.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal(EntityCatalog.All.Select(r => r.Name), names);
        var timeEntries = root.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "time_entries");
        Assert.Equal(Server.Sandbox.Data.Count("time_entries"), timeEntries.GetProperty("rows").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, timeEntries.GetProperty("lastSuccessAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, timeEntries.GetProperty("nextRunAt").ValueKind);
        foreach (var user in new[] { Server.Sandbox.Administrator, Server.Sandbox.Manager, Server.Sandbox.Member })
            Assert.DoesNotContain(user.Token, body);
    }

    [Fact]
    public async Task The_page_is_html_for_an_administrator_and_shows_no_secret()
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/", StatusServer.Basic(Server.Sandbox.Administrator)));
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<table id=\"resources\">", html);
        foreach (var user in new[] { Server.Sandbox.Administrator, Server.Sandbox.Manager, Server.Sandbox.Member })
            Assert.DoesNotContain(user.Token, html);
    }

    [Fact]
    public async Task Status_json_shows_the_calls_the_rate_gate_let_through_per_window_never_above_the_limit()
    {
        var status = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/status", "Bearer " + Server.Sandbox.Administrator.Token));
        using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
        var throttle = json.RootElement.GetProperty("throttle");

        int limit = throttle.GetProperty("limit").GetInt32();
        var windows = throttle.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(Server.Sandbox.Options.RateLimitRequests, limit);
        Assert.Equal(40, windows.Count);
        Assert.True(throttle.GetProperty("calls").GetInt64() > 0, "the first passes went through the gate");
        Assert.All(windows, w => Assert.InRange(w.GetProperty("calls").GetInt32(), 0, limit));
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_without_credentials()
    {
        using var live = await Server.Http.GetAsync("/healthz/live");
        using var ready = await Server.Http.GetAsync("/healthz/ready");
        using var health = await Server.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_connector_downloads_as_an_attachment_and_is_the_packaged_connector()
    {
        using var response = await Server.Http.GetAsync("/connector/HarvestOData.mez");
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("HarvestOData.mez", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Contains("HarvestOData.pq", zip.Entries.Select(e => e.FullName));
        Assert.Contains("resources.resx", zip.Entries.Select(e => e.FullName));
    }
}
