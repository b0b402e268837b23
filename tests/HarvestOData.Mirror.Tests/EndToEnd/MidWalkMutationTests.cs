using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Mirror.Tests.EndToEnd;

/// <summary>
/// The walk of a page-number list must not skip or leave behind rows when Harvest deletes or creates rows while it
/// is being walked, or while a crashed process is down: one quiet pass afterwards makes the mirror equal Harvest, id
/// for id and field for field.
/// </summary>
public sealed class MidWalkMutationTests
{
    private const int TimeEntries = 14_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Rows_deleted_and_created_while_the_middle_windows_of_a_time_entries_walk_are_served_are_neither_missed_nor_left_behind(int seed)
    {
        await using var mirror = await MirrorHarness.CreateAsync(MirrorHarness.SmallAccount(TimeEntries));
        var changes = new MidWalkChanges(mirror.Sandbox, seed);
        // 6 deletions, some creations and updates while calls 3..5 of the walk (of about 8) are served.
        changes.During(from: 3, to: 5, deletes: 2, creates: 3, updates: 2);

        await mirror.Run.RunAsync(new SyncRunRequest { Reconcile = false, Verify = false, Attempts = 1 });
        mirror.Sandbox.BeforeRequest = null;
        Assert.True(changes.Calls >= 6, $"the walk made {changes.Calls} time entries calls: the changes did not land in its middle");
        Assert.Equal(6, changes.Deleted.Count);

        var quiet = await mirror.SyncAllAsync();

        Assert.True(quiet.Succeeded, string.Join("; ", quiet.Verifications.Where(v => !v.Matches).Select(v => $"{v.Resource}: {v.Note}")));
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Fact]
    public async Task The_first_walk_itself_misses_no_row_that_existed_throughout_it_and_keeps_none_deleted_from_a_window_not_yet_read()
    {
        await using var mirror = await MirrorHarness.CreateAsync(MirrorHarness.SmallAccount(TimeEntries));
        var before = mirror.Sandbox.Data.Rows("time_entries").Select(r => r.Id).ToHashSet();
        var changes = new MidWalkChanges(mirror.Sandbox, 11);
        changes.During(from: 2, to: 6, deletes: 2, creates: 2, updates: 0);

        await mirror.Pass.RunAsync("time_entries");
        mirror.Sandbox.BeforeRequest = null;

        var mirrored = (await mirror.Reader.ReadAllAsync(EntityCatalog.Get("time_entries"))).Select(r => r.Id).ToHashSet();
        var survivors = before.Where(id => !changes.Deleted.Contains(id)).ToList();
        // A page-number walk skips a row for every row deleted before its offset; a date-window walk skips none.
        var missed = survivors.Where(id => !mirrored.Contains(id)).ToList();
        Assert.True(missed.Count == 0, $"the walk missed {missed.Count} rows that existed throughout it");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_walk_abandoned_at_any_point_with_harvest_changing_before_and_after_resumes_from_its_day_and_one_quiet_pass_makes_the_mirror_equal(int crashAfterAnswers)
    {
        await using var mirror = await MirrorHarness.CreateAsync(MirrorHarness.SmallAccount(TimeEntries));
        var changes = new MidWalkChanges(mirror.Sandbox, crashAfterAnswers);
        changes.During(from: 2, to: 3, deletes: 2, creates: 2, updates: 2);
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            mirror.Run.RunAsync(new SyncRunRequest { Attempts = 1 }, new CrashAfter("time_entries", crashAfterAnswers, stop), stop.Token));
        mirror.Sandbox.BeforeRequest = null;

        var interrupted = await mirror.States.ReadAsync("time_entries");
        Assert.Equal("full", interrupted.PassKind);
        Assert.NotNull(interrupted.PassResumeWindows);

        // Harvest moves on while the process is down: rows vanish on both sides of the checkpoint, others appear.
        changes.Change(deletes: 4, creates: 4, updates: 4);

        await using var restarted = mirror.SecondRunner();
        var report = await restarted.GetRequiredService<SyncRun>().RunAsync(new SyncRunRequest { Attempts = 1 });

        Assert.True(report.Succeeded, string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")
            .Concat(report.Verifications.Where(v => !v.Matches).Select(v => $"{v.Resource}: {v.Note}"))));
        await SandboxAssert.MirrorEqualsSandbox(restarted.GetRequiredService<Mirror.Store.MirrorReader>(), mirror.Sandbox);
    }

    /// <summary>Stops the run (as kill -9 would, between two commits) once <paramref name="answers"/> answers of <paramref name="resource"/> are committed.</summary>
    private sealed class CrashAfter(string resource, int answers, CancellationTokenSource stop) : IWorkProgress
    {
        public void Report(SyncProgress progress)
        {
            if (progress.Resource == resource && progress.PagesDone >= answers)
                stop.Cancel();
        }
    }
}
