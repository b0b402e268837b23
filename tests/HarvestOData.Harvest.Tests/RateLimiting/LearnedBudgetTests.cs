using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.RateLimiting;

/// <summary>What the gate does after a throttle answer: a lone probe, a learned budget, lone calls beyond what Harvest accepted.</summary>
public sealed class LearnedBudgetTests
{
    private static RateLimitOptions Limit(int requests, double windowSeconds) =>
        new() { Requests = requests, WindowSeconds = windowSeconds, MarginSeconds = 0 };

    [Fact]
    public async Task After_a_block_one_probing_call_goes_alone_and_the_queue_follows_its_answer()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(100, 10), clock);
        var first = await gate.EnterAsync(RequestPriority.Background, false, default);
        gate.Throttle(TimeSpan.FromSeconds(5), first);
        first.Dispose();
        var queued = Enumerable.Range(0, 5).Select(_ => gate.EnterAsync(RequestPriority.Background, false, default)).ToList();

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, queued.Count(t => t.IsCompleted));
        var probe = await queued.Single(t => t.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1)); // the probe's answer takes a while: nobody else goes meanwhile
        Assert.Equal(1, queued.Count(t => t.IsCompleted));
        probe.Dispose();
        Assert.True(queued.Count(t => t.IsCompleted) >= 2);
    }

    [Fact]
    public async Task A_probe_throttled_again_keeps_the_queue_held_and_probes_again_after_the_new_block()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(100, 10), clock);
        var first = await gate.EnterAsync(RequestPriority.Background, false, default);
        gate.Throttle(TimeSpan.FromSeconds(5), first);
        first.Dispose();
        var queued = Enumerable.Range(0, 3).Select(_ => gate.EnterAsync(RequestPriority.Background, false, default)).ToList();
        clock.Advance(TimeSpan.FromSeconds(5));
        var probe = await queued.Single(t => t.IsCompleted);
        int budget = gate.Budget;

        gate.Throttle(TimeSpan.FromSeconds(5), probe);
        probe.Dispose();
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, queued.Count(t => t.IsCompleted));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(2, queued.Count(t => t.IsCompleted));
        Assert.Equal(budget, gate.Budget); // a refused probe says the block was longer, not that the budget is smaller
    }

    [Theory]
    [InlineData(70, 70)]
    [InlineData(30, 50)] // at most halved at once: a foreign burst may have made Harvest refuse early
    public async Task A_throttle_inside_the_configured_budget_shrinks_it_to_what_harvest_had_answered(int answered, int budget)
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(100, 15), clock);
        for (int i = 0; i < answered; i++)
            (await gate.EnterAsync(RequestPriority.Background, false, default)).Dispose();
        var refused = await gate.EnterAsync(RequestPriority.Background, false, default);

        gate.Throttle(TimeSpan.FromSeconds(15), refused);
        refused.Dispose();

        Assert.Equal(budget, gate.Budget);
    }

    [Fact]
    public async Task After_a_learned_budget_calls_beyond_what_harvest_accepted_go_one_at_a_time()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(100, 15), clock);
        var refused = await gate.EnterAsync(RequestPriority.Background, false, default);
        gate.Throttle(TimeSpan.FromSeconds(15), refused);
        refused.Dispose();
        clock.Advance(TimeSpan.FromSeconds(15));

        // Nothing is known to pass after the block: every call of this window goes alone, each answer lets the next go.
        var waiting = Enumerable.Range(0, 4).Select(_ => gate.EnterAsync(RequestPriority.Background, false, default)).ToList();
        for (int answered = 0; answered < 4; answered++)
        {
            Assert.Equal(answered + 1, waiting.Count(t => t.IsCompleted));
            Assert.Equal(1, gate.InFlight);
            (await waiting.Where(t => t.IsCompleted).ElementAt(answered)).Dispose();
        }
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task Long_after_the_last_throttle_lone_trials_win_the_budget_back()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(20, 1), clock);
        var refused = await gate.EnterAsync(RequestPriority.Background, false, default);
        gate.Throttle(TimeSpan.FromSeconds(1), refused);
        refused.Dispose();
        Assert.Equal(10, gate.Budget); // nothing answered in the window: halved

        var calls = Enumerable.Range(0, 600).Select(async _ =>
        {
            using var lease = await gate.EnterAsync(RequestPriority.Background, false, default);
        });
        await ClockDriver.RunAsync(clock, gate, Task.WhenAll(calls));

        Assert.Equal(20, gate.Budget);
    }

    [Fact]
    public async Task Token_checks_never_take_more_than_their_share_of_a_window_and_the_rest_goes_to_the_sync()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(new RateLimitOptions { Requests = 20, WindowSeconds = 1, MarginSeconds = 0, TokenCheckShare = 0.15 }, clock);
        var sent = new List<(DateTimeOffset At, string Kind)>();
        async Task Call(string kind, RequestPriority priority, CallBudget budget)
        {
            using var lease = await gate.EnterAsync(priority, budget, default);
            lock (sent)
                sent.Add((clock.GetUtcNow(), kind));
        }

        var checks = Enumerable.Range(0, 30).Select(_ => Call("check", RequestPriority.Interactive, CallBudget.TokenCheck));
        var sync = Enumerable.Range(0, 60).Select(_ => Call("sync", RequestPriority.Background, CallBudget.General));
        await ClockDriver.RunAsync(clock, gate, Task.WhenAll(checks.Concat(sync)));

        foreach (var window in sent.GroupBy(s => s.At))
            Assert.True(window.Count(s => s.Kind == "check") <= 3, $"{window.Count(s => s.Kind == "check")} token checks at {window.Key:O}");
        var first = sent.Where(s => s.At == sent[0].At).ToList();
        Assert.Equal(3, first.Count(s => s.Kind == "check"));
        Assert.Equal(17, first.Count(s => s.Kind == "sync"));
    }
}
