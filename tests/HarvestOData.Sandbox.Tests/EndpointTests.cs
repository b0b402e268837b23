using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using HarvestOData.Sandbox.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace HarvestOData.Sandbox.Tests;

/// <summary>The ASP.NET Core adapter serves the same core as the in-process handler.</summary>
public sealed class EndpointTests : IAsyncLifetime
{
    private readonly HarvestSandbox _sandbox = Sandboxes.Create(o => o.RateLimitRequests = 20).Sandbox;
    private WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapHarvestSandbox(_sandbox);
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("HarvestOData.Tests (tests@example.com)");
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _sandbox.Administrator.Token);
        _client.DefaultRequestHeaders.Add("Harvest-Account-Id", _sandbox.AccountId);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }

    [Fact]
    public async Task Serves_lists_with_links_on_the_hosts_address()
    {
        var page = JsonNode.Parse(await _client.GetStringAsync("/v2/clients?per_page=5"))!;
        Assert.Equal(5, page["clients"]!.AsArray().Count);
        Assert.StartsWith("http://localhost/v2/clients?cursor=", page["links"]!["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task Writes_and_errors_keep_their_statuses_and_bodies()
    {
        using var created = await _client.PostAsync("/v2/tasks", new StringContent("{\"name\":\"Over HTTP\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/json; charset=utf-8", created.Content.Headers.ContentType!.ToString());
        using var invalid = await _client.PostAsync("/v2/tasks", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.NotNull(JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["message"]);
    }

    [Fact]
    public async Task Throttled_answers_carry_retry_after()
    {
        for (int i = 0; i < 20; i++)
            await _client.GetAsync("/v2/company");
        using var refused = await _client.GetAsync("/v2/company");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), refused.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task A_dropped_connection_aborts_the_request()
    {
        _sandbox.Faults.DroppedConnections(1);
        await Assert.ThrowsAnyAsync<Exception>(() => _client.GetAsync("/v2/company"));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v2/company")).StatusCode);
    }
}
