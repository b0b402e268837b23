using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Mirror.Tests.EndToEnd;

public sealed class CrashRestartTests
{
    [Theory, BothProviders]
    public async Task A_run_stopped_mid_walk_resumes_from_its_checkpoint_and_converges_after_a_restart(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        using var stop = new CancellationTokenSource();
        // The process dies right after time entries' first page is committed; pages fetched meanwhile are lost.
        var crash = new CrashAfterFirstPage("time_entries", stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            mirror.Run.RunAsync(new SyncRunRequest { Attempts = 1 }, crash, stop.Token));

        var interrupted = await mirror.States.ReadAsync("time_entries");
        Assert.Equal("full", interrupted.PassKind);
        // The checkpoint is a day (the oldest of the first answer, read again on resume), not a page number.
        var mirrored = await mirror.Reader.ReadAllAsync(EntityCatalog.Get("time_entries"));
        Assert.Equal(2000, mirrored.Count);
        Assert.Equal($"*..{mirrored.Min(t => (DateOnly)t["spent_date"]!):yyyy-MM-dd}", interrupted.PassResumeWindows);
        Assert.Null(interrupted.Cursor);
        Assert.Null(interrupted.LeaseOwner);

        // Harvest moves on while the process is down.
        mirror.Sandbox.Data.CreateTimeEntries(15);
        mirror.Sandbox.Data.UpdateRandom("time_entries", 15);
        mirror.Sandbox.Data.DeleteRandom("time_entries", 5);

        // A new process on the same file: it goes on from that day instead of starting over.
        await using var restarted = mirror.SecondRunner();
        long before = mirror.Sandbox.Counters.Calls;
        var resumed = await restarted.GetRequiredService<SyncPass>().RunAsync("time_entries");
        Assert.Equal(PassOutcome.Completed, resumed.Outcome);
        Assert.Equal(1, resumed.Calls);
        Assert.Equal(before + 1, mirror.Sandbox.Counters.Calls);

        var report = await restarted.GetRequiredService<SyncRun>().RunAsync(new SyncRunRequest { Attempts = 1 });
        Assert.True(report.Succeeded, string.Join("; ", report.Verifications.Where(v => !v.Matches).Select(v => $"{v.Resource}: {v.Note}")));
        await SandboxAssert.MirrorEqualsSandbox(restarted.GetRequiredService<MirrorReader>(), mirror.Sandbox);
    }

    private sealed class CrashAfterFirstPage(string resource, CancellationTokenSource stop) : IWorkProgress
    {
        public void Report(SyncProgress progress)
        {
            if (progress.Resource == resource && progress.PagesDone >= 1)
                stop.Cancel();
        }
    }

    [Theory, BothProviders]
    public async Task A_lease_left_by_a_killed_process_of_this_host_does_not_block_the_restart(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        // What kill -9 leaves behind: a lease valid for minutes, held by a process id that no longer runs.
        string dead = $"{Environment.MachineName}/{int.MaxValue - 7}/638000000000000000/deadbeef";
        await mirror.Database.WriteAsync((c, t) => SyncStateStore.UpdateAsync(c, t, "clients", default,
            SyncStateColumns.LeaseOwner.Set(dead), SyncStateColumns.LeaseUntil.Set(DateTimeOffset.UtcNow.AddHours(1))));

        var result = await mirror.Pass.RunAsync("clients");

        Assert.Equal(PassOutcome.Completed, result.Outcome);
    }
}
