using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Server.Status.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Server.Status.Tests;

/// <summary>Hangfire's dashboard at <c>/hangfire</c> on the real server: who gets in, what a POST needs, what it shows.</summary>
[Collection(ServerFixtureCollection.Name)]
public sealed partial class JobDashboardTests(ServerFixture fixture) : IDisposable
{
    private StatusServer Server => fixture.Server;

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/recurring")]
    [InlineData("/hangfire/jobs/failed")]
    public async Task Without_credentials_the_dashboard_is_401_with_a_Basic_challenge(string path)
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, path, null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"HarvestOData\"", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("sync:", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboards_scripts_and_styles_are_served_from_the_server_and_need_credentials_too()
    {
        using var page = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/hangfire", StatusServer.Basic(Server.Sandbox.Administrator)));
        string html = await page.Content.ReadAsStringAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains(assets, a => a.Contains("/js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("/css", StringComparison.Ordinal));
        foreach (string asset in assets)
        {
            Assert.StartsWith("/hangfire/", asset);
            using var anonymous = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, asset, null));
            using var administrator = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, asset, StatusServer.Basic(Server.Sandbox.Administrator)));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.OK, administrator.StatusCode);
        }
    }

    [Theory]
    [InlineData("manager", "/hangfire")]
    [InlineData("member", "/hangfire")]
    [InlineData("manager", "/hangfire/recurring")]
    [InlineData("member", "/hangfire/stats")]
    public async Task A_manager_or_member_token_gets_403(string role, string path)
    {
        var user = role == "manager" ? Server.Sandbox.Manager : Server.Sandbox.Member;

        using var response = await Server.Http.SendAsync(Server.Request(path.EndsWith("stats", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path, StatusServer.Basic(user)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("administrators", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_administrator_sees_every_resources_recurring_jobs_and_no_connection_string_or_token()
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/hangfire/recurring?count=100", StatusServer.Basic(Server.Sandbox.Administrator)));
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var resource in EntityCatalog.Fetched)
        {
            Assert.Contains($"sync:{resource.Name}", html);
            Assert.Contains($"reconcile:{resource.Name}", html);
        }
        Assert.DoesNotContain("Data Source", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Server.MirrorPath, html);
        Assert.DoesNotContain(Server.Sandbox.Administrator.Token, html);
    }

    [Fact]
    public async Task A_dashboard_POST_without_the_antiforgery_token_is_refused_even_with_an_administrators_credentials()
    {
        int before = AllSyncs("clients");
        using var request = Server.Request(HttpMethod.Post, "/hangfire/recurring/trigger", StatusServer.Basic(Server.Sandbox.Administrator));
        request.Content = new FormUrlEncodedContent([new("jobs[]", "sync:clients")]);

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, AllSyncs("clients"));
    }

    [Fact]
    public async Task A_dashboard_POST_with_the_token_its_page_carries_triggers_the_job()
    {
        // What the dashboard's own script does: read the token from the page, send it back with the cookie.
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = Server.Address };
        using var page = await browser.SendAsync(Server.Request(HttpMethod.Get, "/hangfire/recurring", StatusServer.Basic(Server.Sandbox.Administrator)));
        string html = await page.Content.ReadAsStringAsync();
        string header = Meta(html, "csrf-header");
        string token = Meta(html, "csrf-token");
        int before = ProcessedSyncs("clients");

        using var request = Server.Request(HttpMethod.Post, "/hangfire/recurring/trigger", StatusServer.Basic(Server.Sandbox.Administrator));
        request.Headers.Add(header, token);
        request.Content = new FormUrlEncodedContent([new("jobs[]", "sync:clients")]);
        using var response = await browser.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (ProcessedSyncs("clients") <= before)
            await Task.Delay(100, patience.Token);
    }

    [Fact]
    public async Task The_status_page_links_to_the_dashboard()
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/", StatusServer.Basic(Server.Sandbox.Administrator)));

        Assert.Contains($"href=\"{new Uri(Server.Address, "hangfire")}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sync_now_on_the_status_page_triggers_the_resources_recurring_job()
    {
        int before = ProcessedSyncs("contacts");

        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Post, "/status/sync/contacts", "Bearer " + Server.Sandbox.Administrator.Token));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (ProcessedSyncs("contacts") <= before)
            await Task.Delay(100, patience.Token);
        Assert.Empty(Server.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedJobs(0, 100));
    }

    /// <summary>The bar of every test that talks to the sandbox: 0 calls over its limit, 0 calls while it throttled.</summary>
    public void Dispose() => Server.AssertThrottleRespected();

    /// <summary>Sync jobs of <paramref name="resource"/> Hangfire has run to the end (succeeded or failed).</summary>
    private int ProcessedSyncs(string resource)
    {
        var monitoring = Server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.SucceededJobs(0, int.MaxValue).Count(j => IsSync(j.Value.Job, resource))
               + monitoring.FailedJobs(0, int.MaxValue).Count(j => IsSync(j.Value.Job, resource));
    }

    /// <summary>Sync jobs of <paramref name="resource"/> in any state: a trigger adds one.</summary>
    private int AllSyncs(string resource)
    {
        var monitoring = Server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return ProcessedSyncs(resource)
               + monitoring.EnqueuedJobs(MirrorScheduler.Queue, 0, int.MaxValue).Count(j => IsSync(j.Value.Job, resource))
               + monitoring.ProcessingJobs(0, int.MaxValue).Count(j => IsSync(j.Value.Job, resource));
    }

    private static bool IsSync(Hangfire.Common.Job? job, string resource) => job?.Method.Name == "Sync" && job.Args[0] as string == resource;

    private static string Meta(string html, string name) =>
        MetaContent().Matches(html).FirstOrDefault(m => m.Groups[1].Value == name)?.Groups[2].Value
        ?? throw new InvalidOperationException($"The dashboard page has no <meta name=\"{name}\">.");

    [GeneratedRegex("(?:src|href)=\"([^\"]+/(?:js|css)[^\"]*)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("<meta name=\"([^\"]+)\" content=\"([^\"]*)\"")]
    private static partial Regex MetaContent();
}
