using Hangfire;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using HarvestOData.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Mirror.Tests.Jobs;

/// <summary>The mirror's jobs on a real Hangfire server in process, against the sandbox: no part of Hangfire is mocked.</summary>
public sealed class RecurringJobTests
{
    [Fact]
    public async Task Recurring_passes_on_a_schedule_under_a_minute_bring_the_mirror_back_to_the_sandbox_after_changes()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount());
        using var folder = new TempFolder();
        await using var host = new JobHost(sandbox, folder, new Dictionary<string, string?>
        {
            ["Sync:Interval"] = "00:00:05",
            ["Sync:ReconcileInterval"] = "00:00:10",
        });
        await host.StartAsync();
        await JobHost.WaitForAsync(async () => (await host.States.ReadAllAsync()).All(s => s.LastSuccessAt is not null), "the first pass of every resource");

        var changedAt = DateTimeOffset.UtcNow;
        sandbox.Data.CreateTimeEntries(12);
        sandbox.Data.UpdateRandom("time_entries", 12);
        sandbox.Data.DeleteRandom("time_entries", 5);
        sandbox.Data.DeleteRandom("expenses", 3);
        sandbox.Data.UpdateRandom("projects", 2);
        // A deletion check runs the incremental step first, so one that started after the changes has seen all of them.
        // last_reconcile_at is when the check started, to the second.
        await JobHost.WaitForAsync(async () => (await host.States.ReadAllAsync()).All(s => s.LastReconcileAt > changedAt),
            "a deletion check of every resource after the changes");
        // On a loaded machine the checks can all finish before the 5 s schedule fires again; give it its turn.
        await JobHost.WaitForAsync(() => Task.FromResult(host.Succeeded("Sync", "time_entries").Count >= 2),
            "time_entries' recurring incremental job to run on its schedule");
        await host.StopAsync();

        await SandboxAssert.MirrorEqualsSandbox(host.Reader, sandbox);
        var recurring = host.RecurringJobs().ToDictionary(j => j.Id);
        foreach (var resource in EntityCatalog.Fetched)
        {
            Assert.Equal("*/5 * * * * *", recurring[MirrorScheduler.SyncJobId(resource.Name)].Cron);
            Assert.Equal("*/10 * * * * *", recurring[MirrorScheduler.ReconcileJobId(resource.Name)].Cron);
            Assert.Equal(MirrorScheduler.Queue, recurring[MirrorScheduler.SyncJobId(resource.Name)].Job.Queue);
        }
        // More than the pass every start triggers: the schedule itself fired.
        Assert.True(host.Succeeded("Sync", "time_entries").Count >= 2, "time_entries' recurring incremental job ran on its schedule");
        Assert.Empty(host.Failures());
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Fact]
    public async Task A_tick_that_finds_its_resource_busy_succeeds_without_running_a_second_pass()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount());
        using var folder = new TempFolder();
        await using var host = new JobHost(sandbox, folder, new Dictionary<string, string?>
        {
            ["Sync:Interval"] = "00:00:02",
            ["Sync:ReconcileInterval"] = "01:00:00",
            ["Sync:ParallelPages"] = "1",
        });
        await host.StartAsync();
        await JobHost.WaitForAsync(async () => (await host.States.ReadAllAsync()).All(s => s.LastSuccessAt is not null), "the first pass of every resource");

        // Every time entry changes, and the pass that goes to read them is held at Harvest's door until released.
        sandbox.Data.UpdateRandom("time_entries", sandbox.Data.Count("time_entries"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int inFlight = 0, mostInFlight = 0;
        DateTime? heldSince = null;
        sandbox.BeforeRequest = async (request, token) =>
        {
            if (!request.Path.StartsWith("time_entries", StringComparison.Ordinal))
                return;
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            try
            {
                heldSince ??= DateTime.UtcNow;
                await release.Task.WaitAsync(token);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        };
        // The ticks that come while the pass is held find time_entries busy: they end, and they end Succeeded.
        await JobHost.WaitForAsync(() => Task.FromResult(heldSince is { } since
                && host.Succeeded("Sync", "time_entries").Count(j => j.SucceededAt > since) >= 2),
            "two time_entries ticks to finish while its pass is held");
        release.SetResult();
        await JobHost.WaitForAsync(async () => (await host.States.ReadAsync("time_entries")).LastSuccessAt?.UtcDateTime > heldSince,
            "the held pass to finish");
        await host.StopAsync();
        sandbox.BeforeRequest = null;

        Assert.Equal(1, mostInFlight);
        Assert.Empty(host.Failures());
        await SandboxAssert.MirrorEqualsSandbox(host.Reader, sandbox);
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Fact]
    public async Task Stopping_the_server_cancels_a_running_pass_and_the_next_start_completes_it_from_its_checkpoint()
    {
        const int pages = 6;
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: pages * 2000));
        using var folder = new TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Sync:Interval"] = "01:00:00",
            ["Sync:ReconcileInterval"] = "1.00:00:00",
            ["Sync:ParallelPages"] = "1",
        };
        // Harvest answers time entries' first two pages, then keeps the third waiting until the caller gives up.
        int requests = 0;
        sandbox.BeforeRequest = (request, token) =>
            request.Path.StartsWith("time_entries", StringComparison.Ordinal) && Interlocked.Increment(ref requests) > 2
                ? Task.Delay(Timeout.Infinite, token)
                : Task.CompletedTask;
        await using var first = new JobHost(sandbox, folder, settings);
        await first.StartAsync();
        await JobHost.WaitForAsync(async () => Volatile.Read(ref requests) > 2 && (await first.States.ReadAsync("time_entries")).PagesDone >= 2,
            "time_entries' pass to commit two pages and wait on the third");

        await first.StopAsync();

        var stopped = await first.States.ReadAsync("time_entries");
        Assert.Null(stopped.LastSuccessAt);
        Assert.Null(stopped.LeaseOwner);   // the pass unwound: its token fired, it did not just get abandoned
        Assert.Equal("full", stopped.PassKind);
        // The checkpoint is the date windows still to read, not a page number (rows deleted meanwhile shift no page).
        Assert.False(string.IsNullOrEmpty(stopped.PassResumeWindows), "a checkpoint of the windows left to read");

        int afterRestart = 0;
        sandbox.BeforeRequest = (request, _) =>
        {
            if (request.Path.StartsWith("time_entries", StringComparison.Ordinal))
                Interlocked.Increment(ref afterRestart);
            return Task.CompletedTask;
        };
        await using var second = new JobHost(sandbox, folder, settings, first.Gates);
        await second.StartAsync();
        // Every start passes every resource once (its storage starts empty, so every job in it is this start's).
        await JobHost.WaitForAsync(() => Task.FromResult(EntityCatalog.Fetched.All(r => second.Succeeded("Sync", r.Name).Count > 0)
                && second.Monitoring.ProcessingCount() == 0 && second.Monitoring.EnqueuedCount(MirrorScheduler.Queue) == 0),
            "every resource's pass after the restart");
        await second.StopAsync();
        sandbox.BeforeRequest = null;

        // A walk from the start needs at least one call per 2,000 rows; going on from the checkpoint needs fewer.
        Assert.InRange(afterRestart, 1, pages - 1);
        await SandboxAssert.MirrorEqualsSandbox(second.Reader, sandbox);
        Assert.Empty(second.Failures());
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Fact]
    public async Task A_stopped_host_in_the_same_process_leaves_the_running_hosts_dashboard_able_to_trigger_jobs()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 100));
        using var folder = new TempFolder();
        using var otherFolder = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Sync:Interval"] = "01:00:00", ["Sync:ReconcileInterval"] = "1.00:00:00" };
        await using var running = new JobHost(sandbox, folder, settings);
        await running.StartAsync();
        // Hangfire's log provider is process-wide: the host configured last (this one) sets it, then goes away.
        await using (var stopped = new JobHost(sandbox, otherFolder, settings, running.Gates))
        {
            await stopped.StartAsync();
        }

        // The dashboard builds a new job manager (and with it new loggers) for every "Trigger now".
        var manager = new RecurringJobManager(running.Services.GetRequiredService<JobStorage>());
        string? id = manager.TriggerJob(MirrorScheduler.SyncJobId("clients"));

        Assert.NotNull(id);
        SandboxAssert.ThrottleRespected(sandbox);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
