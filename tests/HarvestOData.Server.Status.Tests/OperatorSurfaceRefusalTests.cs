using System.Net;
using System.Text.Json;
using HarvestOData.Server.Status.Tests.Support;

namespace HarvestOData.Server.Status.Tests;

/// <summary>
/// The operator's surfaces go through the server's one authentication (scheme <c>Harvest</c>, policy
/// <c>Administrator</c>): each role gets the same answer on the page, its actions, <c>/status</c> and the dashboard, in
/// the shape that surface's clients read: HTML for a page load, JSON for scripts.
/// </summary>
[Collection(ServerFixtureCollection.Name)]
public sealed class OperatorSurfaceRefusalTests(ServerFixture fixture)
{
    private static readonly (HttpMethod Method, string Path, bool PageLoad)[] Surfaces =
    [
        (HttpMethod.Get, "/", true),
        (HttpMethod.Get, "/status", false),
        (HttpMethod.Post, "/status/sync/clients", false),
        (HttpMethod.Get, "/hangfire", true),
        (HttpMethod.Get, "/hangfire/recurring", true),
        (HttpMethod.Post, "/hangfire/stats", false),
    ];

    private StatusServer Server => fixture.Server;

    public static TheoryData<string?> Refused => new() { null, "member", "manager", "refused" };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Everyone_but_an_administrator_is_refused_alike_on_every_operator_surface_html_to_pages_json_to_scripts(string? who)
    {
        string? authorization = who switch
        {
            null => null,
            "member" => StatusServer.Basic(Server.Sandbox.Member),
            "manager" => "Bearer " + Server.Sandbox.Manager.Token,
            _ => "Bearer 42.pt.nobody-harvest-knows",
        };
        var expected = who is "member" or "manager" ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
        foreach (var (method, path, pageLoad) in Surfaces)
        {
            using var request = Server.Request(method, path, authorization);
            request.Headers.Accept.ParseAdd(pageLoad ? "text/html" : "application/json");
            using var response = await Server.Http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();

            Assert.True(expected == response.StatusCode, $"{method} {path} as {who ?? "nobody"}: {response.StatusCode}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            if (expected == HttpStatusCode.Unauthorized)
                Assert.Equal("Basic realm=\"HarvestOData\"", response.Headers.WwwAuthenticate.ToString());
            if (pageLoad)
            {
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.StartsWith("<!doctype html>", body, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                using var json = JsonDocument.Parse(body);
                Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("message").GetString()));
            }
            if (expected == HttpStatusCode.Forbidden)
                Assert.Contains(who!, body, StringComparison.Ordinal); // says which role the token has
        }
        Server.AssertThrottleRespected();
    }

    [Fact]
    public async Task An_administrator_is_let_in_on_every_operator_surface_with_bearer_or_basic()
    {
        foreach (string authorization in new[] { StatusServer.Basic(Server.Sandbox.Administrator), "Bearer " + Server.Sandbox.Administrator.Token })
        {
            foreach (var (method, path, _) in Surfaces.Where(s => s.Method == HttpMethod.Get))
            {
                using var response = await Server.Http.SendAsync(Server.Request(method, path, authorization));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            }
        }
        Server.AssertThrottleRespected();
    }
}
