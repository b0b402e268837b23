using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Server.Status.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace HarvestOData.Server.Status.Tests;

/// <summary>
/// The status page rendered by a real headless Chromium, signed in as the sandbox's administrator (Basic, the token as
/// password, sent through DevTools), against the real server whose Hangfire jobs mirror the sandbox.
/// </summary>
[Collection(ServerFixtureCollection.Name)]
public sealed class StatusPageBrowserTests(ServerFixture fixture) : IDisposable
{
    private readonly Chromium _browser = new();

    private StatusServer Server => fixture.Server;

    [Fact]
    public void The_page_lists_every_resource_with_its_mirrored_row_count()
    {
        OpenAsAdministrator();

        foreach (var resource in EntityCatalog.All)
        {
            long expected = Server.Sandbox.Data.Count(resource.Name);
            _browser.WaitFor(() => Cell(resource.Name, "rows") is { } text && Number(text) == expected,
                $"{resource.Name} to show {expected} rows");
        }
        Assert.Equal(EntityCatalog.All.Count, _browser.Script<long>("return document.querySelectorAll('#resources tbody tr').length;"));
        Assert.Equal(new Uri(Server.Address, "odata").ToString(), _browser.Script<string>("return document.getElementById('odata-url').value;"));
        Assert.Equal(1L, _browser.Script<long>("return document.querySelectorAll('a[href$=\"/connector/HarvestOData.mez\"]').length;"));
        Assert.Equal(1L, _browser.Script<long>("return document.querySelectorAll('a[href$=\"/odata/$metadata\"]').length;"));
    }

    [Fact]
    public void A_running_pass_shows_a_progress_bar_that_moves_as_pages_are_committed()
    {
        OpenAsAdministrator();
        // Every row changed, so the pass re-reads several pages; the sandbox answers the first request and holds the
        // rest until the page has shown the bar, then lets one more through, so the bar is seen at two points.
        Server.Sandbox.Data.UpdateRandom("time_entries", Server.Sandbox.Data.Count("time_entries"));
        using (var held = new HeldRequests(Server.Sandbox, "time_entries", letThrough: 1))
        {
            ClickSyncNow("time_entries");

            var first = _browser.WaitFor(() => Progress("time_entries") is { Max: >= 3 } p && p.Value < p.Max ? p : null,
                "a progress bar with its pages known on time_entries");
            held.LetThrough(1);
            var later = _browser.WaitFor(() => Progress("time_entries") is { } p && p.Value > first.Value ? p : null,
                $"the time_entries bar to move past {first.Value}/{first.Max}");
            Assert.True(later.Value > first.Value);
            Assert.Equal("running", Cell("time_entries", "state"));
        }
        _browser.WaitFor(() => Cell("time_entries", "state") == "ok", "the time_entries pass to finish");
        Assert.Equal("", Cell("time_entries", "progress"));
    }

    [Fact]
    public void Sync_now_starts_a_pass_of_that_resource()
    {
        OpenAsAdministrator();
        var before = LastSuccess("clients");
        // Hold the pass until a refresh has shown it running.
        using (new HeldRequests(Server.Sandbox, "clients"))
        {
            ClickSyncNow("clients");
            _browser.WaitFor(() => Cell("clients", "state") == "running", "clients to show a running pass");
        }
        var after = _browser.WaitFor(() => LastSuccess("clients") is { } t && t > before ? t : (DateTimeOffset?)null, "the clients pass to succeed again");
        Assert.True(after > before);
    }

    [Fact]
    public async Task The_page_shows_what_a_deletion_check_removed_and_is_saved_as_a_screenshot()
    {
        var deleted = Server.Sandbox.Data.DeleteRandom("expenses", 3);
        await Server.Services.GetRequiredService<MirrorScheduler>().ReconcileNowAsync("expenses");
        OpenAsAdministrator();

        _browser.WaitFor(() => _browser.Script<string>("return document.querySelector('[data-field=\"deletions\"]').innerText;") is { } text
                               && text.Contains("expenses", StringComparison.Ordinal) ? text : null,
            "the expenses removed by the deletion check to be listed");
        _browser.WaitFor(() => Cell("expenses", "reconcile").Contains($"{deleted.Count} removed", StringComparison.Ordinal), "the expenses deletion check's count");
        _browser.WaitFor(() => Number(Cell("expenses", "rows")) == Server.Sandbox.Data.Count("expenses"), "the expenses count to drop");

        string path = Path.Combine(Repository.Artifacts, "status-page.png");
        _browser.Screenshot(path);
        Assert.True(new FileInfo(path).Length > 20_000, $"a screenshot with content at {path}");
    }

    [Fact]
    public void A_member_is_refused_with_a_page_that_says_why()
    {
        _browser.SendAuthorization(StatusServer.Basic(Server.Sandbox.Member));
        _browser.Driver.Navigate().GoToUrl(Server.Address);

        Assert.Equal("Administrators only", _browser.Driver.Title);
        Assert.Contains("for Harvest administrators", _browser.PageText());
        Assert.Empty(_browser.Driver.FindElements(By.Id("resources")));
    }

    public void Dispose() => _browser.Dispose();

    private void OpenAsAdministrator()
    {
        _browser.SendAuthorization(StatusServer.Basic(Server.Sandbox.Administrator));
        _browser.Driver.Navigate().GoToUrl(Server.Address);
        Assert.Equal("HarvestOData status", _browser.Driver.Title);
    }

    private void ClickSyncNow(string resource) =>
        _browser.Driver.FindElement(By.CssSelector($"button.sync-now[data-resource='{resource}']")).Click();

    /// <summary>A cell's text, read in one script call (the page replaces cell contents every two seconds).</summary>
    private string Cell(string resource, string field) =>
        _browser.Script<string>("const c = document.querySelector(`tr[data-resource='${arguments[0]}'] [data-field='${arguments[1]}']`); return c ? c.innerText.trim() : null;",
            resource, field);

    private sealed record Bar(long Value, long Max);

    private Bar? Progress(string resource)
    {
        var values = _browser.Script("const p = document.querySelector(`tr[data-resource='${arguments[0]}'] progress[max]`); return p ? [p.getAttribute('value'), p.getAttribute('max')] : null;", resource)
            as IReadOnlyList<object>;
        return values is [string value, string max] ? new Bar(long.Parse(value, CultureInfo.InvariantCulture), long.Parse(max, CultureInfo.InvariantCulture)) : null;
    }

    private DateTimeOffset? LastSuccess(string resource) =>
        _browser.Script("const t = document.querySelector(`tr[data-resource='${arguments[0]}'] [data-field='last-success'] time`); return t ? t.getAttribute('datetime') : null;", resource)
            is string iso ? DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture) : null;

    private static long Number(string? text) =>
        long.TryParse(new string([.. (text ?? "").Where(char.IsAsciiDigit)]), CultureInfo.InvariantCulture, out long n) ? n : -1;
}
