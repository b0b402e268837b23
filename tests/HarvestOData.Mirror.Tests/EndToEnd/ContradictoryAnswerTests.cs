using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.EndToEnd;

/// <summary>
/// A list answer that contradicts itself (no rows, or too few, while <c>total_entries</c> says more) is an error to
/// retry, never a reason to delete; and every row Harvest has stays reachable whatever dates the mirror holds.
/// </summary>
public sealed class ContradictoryAnswerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task A_time_entries_page_with_fewer_rows_than_its_total_deletes_nothing_is_asked_again_and_the_mirror_converges(int keepRows)
    {
        await using var mirror = await MirrorHarness.CreateAsync();
        await mirror.SyncAllAsync();
        mirror.Sandbox.Data.DeleteRandom("time_entries", 3);
        int spoiled = 0;
        mirror.Sandbox.BeforeRequest = (request, _) =>
        {
            // The deletion check's count and sweep answers, and the incremental call, each come once without their rows.
            if (request.Path == "time_entries" && Interlocked.Increment(ref spoiled) <= 3)
                mirror.Sandbox.Faults.ContradictoryListPages(1, keepRows, request.Path);
            return Task.CompletedTask;
        };

        var report = await mirror.SyncAllAsync();

        mirror.Sandbox.BeforeRequest = null;
        Assert.True(spoiled > 3);
        Assert.True(report.Succeeded, string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")));
        Assert.Equal(3, report.Passes.Single(p => p.Resource == "time_entries").Deleted);
        Assert.Equal(3, await DeletionsLoggedAsync(mirror, "time_entries"));
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Fact]
    public async Task Empty_answers_that_outlast_the_retries_fail_the_pass_without_deleting_and_the_next_quiet_pass_converges()
    {
        await using var mirror = await MirrorHarness.CreateAsync();
        await mirror.SyncAllAsync();
        long rows = await mirror.Reader.CountAsync(EntityCatalog.Get("time_entries"));
        mirror.Sandbox.Data.DeleteRandom("time_entries", 2);
        mirror.Sandbox.BeforeRequest = (request, _) =>
        {
            if (request.Path == "time_entries")
                mirror.Sandbox.Faults.ContradictoryListPages(1, path: request.Path);
            return Task.CompletedTask;
        };

        var spoiled = await mirror.Reconcile.RunAsync("time_entries");

        Assert.Equal(PassOutcome.Failed, spoiled.Outcome);
        Assert.Contains("contradicts itself", spoiled.Error);
        Assert.Equal(rows, await mirror.Reader.CountAsync(EntityCatalog.Get("time_entries")));
        Assert.Equal(0, await DeletionsLoggedAsync(mirror, "time_entries"));

        mirror.Sandbox.BeforeRequest = null;
        mirror.Sandbox.Faults.Clear();
        var quiet = await mirror.SyncAllAsync();
        Assert.True(quiet.Succeeded);
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Fact]
    public async Task An_empty_payments_list_that_says_it_is_not_empty_deletes_none_of_an_invoices_payments()
    {
        // Every parent's list is swept on each deletion check here, so each invoice's payments are read whole and diffed.
        await using var mirror = await MirrorHarness.CreateAsync(settings: new Dictionary<string, string?> { ["Sync:ChildSweepInterval"] = "00:00:00" });
        await mirror.SyncAllAsync();
        var payments = EntityCatalog.Get("invoice_payments");
        long rows = await mirror.Reader.CountAsync(payments);
        var paid = mirror.Sandbox.Data.Rows("invoice_payments").GroupBy(p => (long)p["invoice_id"]!).Where(g => g.Count() > 0).Select(g => g.Key).Take(3).ToList();
        var spoiledPerList = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        mirror.Sandbox.BeforeRequest = (request, _) =>
        {
            // Those invoices' payment lists come back empty with their totals, twice each (the retries absorb it).
            if (paid.Any(id => request.Path == $"invoices/{id}/payments") && spoiledPerList.AddOrUpdate(request.Path, 1, (_, n) => n + 1) <= 2)
                mirror.Sandbox.Faults.ContradictoryListPages(1, path: request.Path);
            return Task.CompletedTask;
        };

        var report = await mirror.SyncAllAsync();

        mirror.Sandbox.BeforeRequest = null;
        int spoiled = spoiledPerList.Values.Sum(n => Math.Min(n, 2));
        Assert.True(spoiled >= 3, $"{spoiled} spoiled answers: the payments of the chosen invoices were not read");
        Assert.True(report.Succeeded, string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")));
        Assert.Equal(rows, await mirror.Reader.CountAsync(payments));
        Assert.Equal(0, await DeletionsLoggedAsync(mirror, "invoice_payments"));
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Fact]
    public async Task Rows_missing_before_the_mirrors_earliest_day_and_after_its_latest_are_fetched_again_by_the_next_pass()
    {
        await using var mirror = await MirrorHarness.CreateAsync();
        await mirror.SyncAllAsync();
        // The mirror lost its oldest and newest months (what an earlier version did after a contradictory answer).
        var days = mirror.Sandbox.Data.Rows("time_entries").Select(t => (DateOnly)t["spent_date"]!).Order().ToList();
        string oldest = days[500].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), newest = days[^500].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        int lost = await mirror.Database.WriteAsync(async (c, t) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = $"DELETE FROM time_entries WHERE spent_date < '{oldest}' OR spent_date > '{newest}';";
            return await command.ExecuteNonQueryAsync();
        });
        Assert.True(lost > 800);

        var report = await mirror.SyncAllAsync();

        Assert.True(report.Succeeded);
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    private static Task<long> DeletionsLoggedAsync(MirrorHarness mirror, string resource) =>
        mirror.Database.WriteAsync(async (c, t) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = $"SELECT count(*) FROM sync_deletions WHERE resource = '{resource}';";
            return (long)(await command.ExecuteScalarAsync())!;
        });
}
