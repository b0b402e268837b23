using System.Collections.Concurrent;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Mirror.Tests.EndToEnd;

public sealed class LeaseTests
{
    [Theory, BothProviders]
    public async Task Two_runners_on_one_mirror_never_pass_the_same_resource_at_once(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        await using var second = mirror.SecondRunner();
        var watch = new OverlapWatch();

        var runs = await Task.WhenAll(
            mirror.Run.RunAsync(new SyncRunRequest { Verify = false, Attempts = 1 }, watch.For("a")),
            second.GetRequiredService<SyncRun>().RunAsync(new SyncRunRequest { Verify = false, Attempts = 1 }, watch.For("b")));

        Assert.Empty(watch.Overlaps);
        var passes = runs.SelectMany(r => r.Passes).ToList();
        Assert.DoesNotContain(passes, p => p.Outcome == PassOutcome.Failed);
        Assert.Contains(passes, p => p.Outcome == PassOutcome.Skipped);
        // Whoever was turned away, the next pass fills in what it skipped.
        var report = await mirror.SyncAllAsync();
        Assert.True(report.Succeeded);
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Theory, BothProviders]
    public async Task A_pass_is_skipped_while_another_runner_holds_the_lease(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        var lease = mirror.Services.GetRequiredService<SyncLease>();
        Assert.True(await lease.TryAcquireAsync("projects", "another runner", default));

        var skipped = await mirror.Pass.RunAsync("projects");
        await lease.ReleaseAsync("projects", "another runner");
        var done = await mirror.Pass.RunAsync("projects");

        Assert.Equal(PassOutcome.Skipped, skipped.Outcome);
        Assert.Equal(0, skipped.Calls);
        Assert.Equal(PassOutcome.Completed, done.Outcome);
    }

    /// <summary>Records, from the runners' progress, which runner is inside which resource; a second one inside is an overlap.</summary>
    private sealed class OverlapWatch
    {
        private readonly ConcurrentDictionary<string, string> _inside = new();

        public ConcurrentBag<string> Overlaps { get; } = [];

        public IWorkProgress For(string runner) => new Progress(this, runner);

        private sealed class Progress(OverlapWatch watch, string runner) : IWorkProgress
        {
            public void Report(SyncProgress progress)
            {
                if (progress.Phase == "skipped")
                    return;
                if (progress.Phase is "done" or "failed")
                {
                    watch._inside.TryRemove(new KeyValuePair<string, string>(progress.Resource, runner));
                    return;
                }
                string holder = watch._inside.GetOrAdd(progress.Resource, runner);
                if (holder != runner)
                    watch.Overlaps.Add($"{progress.Resource}: {runner} while {holder}");
            }
        }
    }
}
