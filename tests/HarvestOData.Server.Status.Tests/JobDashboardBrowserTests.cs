using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Status.Tests.Support;
using OpenQA.Selenium;

namespace HarvestOData.Server.Status.Tests;

/// <summary>
/// Hangfire's dashboard in a real headless Chromium that can resolve no name but the test server's: signed in as the
/// sandbox's administrator, it renders complete from the server alone.
/// </summary>
[Collection(ServerFixtureCollection.Name)]
public sealed class JobDashboardBrowserTests(ServerFixture fixture) : IDisposable
{
    private readonly Chromium _browser = new();

    private StatusServer Server => fixture.Server;

    [Fact]
    public void The_recurring_jobs_render_offline_for_an_administrator_and_are_saved_as_a_screenshot()
    {
        _browser.SendAuthorization(StatusServer.Basic(Server.Sandbox.Administrator));
        _browser.Driver.Navigate().GoToUrl(new Uri(Server.Address, "hangfire/recurring?count=100"));

        _browser.WaitFor(() => _browser.Driver.FindElements(By.CssSelector("tr.js-jobs-list-row")).Count >= 2 * EntityCatalog.Fetched.Count(),
            "a row per recurring job");
        Assert.Contains("HarvestOData jobs", _browser.PageText());
        Assert.Contains("sync:time_entries", _browser.PageText());
        Assert.Contains("reconcile:time_entries", _browser.PageText());
        // Styled and scripted: Hangfire's stylesheet and script came from the server (nothing else was reachable).
        Assert.Equal("fixed", _browser.Script<string>("return getComputedStyle(document.querySelector('.navbar')).position;"));
        Assert.True(_browser.Script<bool>("return typeof window.Hangfire === 'object';"), "the dashboard's script ran");
        var outside = _browser.Script<IReadOnlyCollection<object>>("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(arguments[0]));",
            Server.Address.GetLeftPart(UriPartial.Authority));
        Assert.Empty(outside);

        string path = Path.Combine(Repository.Artifacts, "hangfire-dashboard.png");
        _browser.Screenshot(path);
        Assert.True(new FileInfo(path).Length > 20_000, $"a screenshot with content at {path}");
    }

    [Fact]
    public void A_member_is_refused_with_the_status_pages_explanation()
    {
        _browser.SendAuthorization(StatusServer.Basic(Server.Sandbox.Member));
        _browser.Driver.Navigate().GoToUrl(new Uri(Server.Address, "hangfire"));

        Assert.Equal("Administrators only", _browser.Driver.Title);
        Assert.Contains("job dashboard are for Harvest administrators", _browser.PageText());
    }

    public void Dispose()
    {
        _browser.Dispose();
        Server.AssertThrottleRespected();
    }
}
