using System.Collections.Concurrent;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.RateLimiting;

public sealed class RateGateTests
{
    private static RateLimitOptions Limit(int requests, double windowSeconds, double margin = 0, int reports = 100, double reportsWindow = 900) =>
        new() { Requests = requests, WindowSeconds = windowSeconds, MarginSeconds = margin, ReportsRequests = reports, ReportsWindowSeconds = reportsWindow };

    [Fact]
    public async Task Never_lets_more_than_the_limit_through_in_any_sliding_window_with_many_concurrent_callers()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(7, 2, margin: 0.25), clock);
        var sent = new ConcurrentBag<DateTimeOffset>();
        var start = clock.GetUtcNow();

        var callers = Enumerable.Range(0, 40).Select(async i =>
        {
            for (int call = 0; call < 3; call++)
            {
                using var lease = await gate.EnterAsync(i % 3 == 0 ? RequestPriority.Interactive : RequestPriority.Background, false, default);
                sent.Add(clock.GetUtcNow());
            }
        });
        await ClockDriver.RunAsync(clock, gate, Task.WhenAll(callers));

        var times = sent.Order().ToList();
        Assert.Equal(120, times.Count);
        foreach (var t in times)
            Assert.True(times.Count(u => u >= t && u < t + TimeSpan.FromSeconds(2)) <= 7, $"more than 7 calls in the 2 s window from {t:O}");
        // The gate is also kept busy: 120 calls at 7 per 2.25 s need at least 16 full windows.
        Assert.Equal(start + TimeSpan.FromSeconds(2.25 * 17), times[^1]);
    }

    [Fact]
    public async Task A_slot_is_measured_from_the_answer_so_a_slow_call_cannot_share_a_window_with_its_successor()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(1, 10), clock);
        var first = await gate.EnterAsync(RequestPriority.Background, false, default);
        clock.Advance(TimeSpan.FromSeconds(4)); // Harvest may have counted the call only now
        first.Dispose();
        var second = gate.EnterAsync(RequestPriority.Background, false, default);

        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        (await second).Dispose();
    }

    [Fact]
    public async Task Interactive_callers_overtake_queued_background_callers()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(1, 1), clock);
        (await gate.EnterAsync(RequestPriority.Background, false, default)).Dispose();
        var order = new ConcurrentQueue<string>();
        async Task Call(string name, RequestPriority priority)
        {
            using var lease = await gate.EnterAsync(priority, false, default);
            order.Enqueue(name);
        }

        var background = Enumerable.Range(1, 3).Select(i => Call($"background{i}", RequestPriority.Background)).ToList();
        var interactive = Call("interactive", RequestPriority.Interactive);
        Assert.Equal(4, gate.Waiting);
        await ClockDriver.RunAsync(clock, gate, Task.WhenAll(background.Append(interactive)));

        Assert.Equal(["interactive", "background1", "background2", "background3"], order.ToArray());
    }

    [Fact]
    public async Task Reports_have_their_own_budget_and_a_waiting_report_does_not_hold_other_calls()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(10, 1, reports: 2, reportsWindow: 60), clock);
        var start = clock.GetUtcNow();
        (await gate.EnterAsync(RequestPriority.Background, true, default)).Dispose();
        (await gate.EnterAsync(RequestPriority.Background, true, default)).Dispose();

        var thirdReport = gate.EnterAsync(RequestPriority.Interactive, true, default);
        var ordinary = Enumerable.Range(0, 5).Select(_ => gate.EnterAsync(RequestPriority.Background, false, default)).ToList();

        Assert.False(thirdReport.IsCompleted);
        Assert.All(ordinary, o => Assert.True(o.IsCompletedSuccessfully));
        ordinary.ForEach(o => o.Result.Dispose());

        clock.Advance(TimeSpan.FromSeconds(59.9));
        Assert.False(thirdReport.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        (await thirdReport).Dispose();
        Assert.Equal(start + TimeSpan.FromSeconds(60), clock.GetUtcNow());
    }

    [Fact]
    public async Task Reports_also_count_against_the_general_budget()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(2, 5, reports: 100, reportsWindow: 60), clock);
        (await gate.EnterAsync(RequestPriority.Background, true, default)).Dispose();
        (await gate.EnterAsync(RequestPriority.Background, true, default)).Dispose();

        var ordinary = gate.EnterAsync(RequestPriority.Background, false, default);

        Assert.False(ordinary.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));
        (await ordinary).Dispose();
    }

    [Fact]
    public async Task A_throttle_holds_every_caller_until_retry_after_plus_the_margin_has_passed()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(100, 15, margin: 0.25), clock);
        gate.Throttle(TimeSpan.FromSeconds(30));

        var interactive = gate.EnterAsync(RequestPriority.Interactive, false, default);
        var background = gate.EnterAsync(RequestPriority.Background, false, default);
        clock.Advance(TimeSpan.FromSeconds(10));
        gate.Throttle(TimeSpan.FromSeconds(1)); // a shorter hint never shortens the block
        clock.Advance(TimeSpan.FromSeconds(20.2));
        Assert.False(interactive.IsCompleted);
        Assert.False(background.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(0.05));
        (await interactive).Dispose();
        (await background).Dispose();
    }

    [Fact]
    public async Task A_cancelled_caller_leaves_the_queue_and_the_next_one_gets_the_slot()
    {
        var clock = new FakeTimeProvider();
        using var gate = new RateGate(Limit(1, 1), clock);
        (await gate.EnterAsync(RequestPriority.Background, false, default)).Dispose();
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(RequestPriority.Interactive, false, cancel.Token);
        var next = gate.EnterAsync(RequestPriority.Background, false, default);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, gate.Waiting);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await next).Dispose();
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task Shutting_the_gate_fails_waiters_and_tolerates_leases_released_afterwards()
    {
        var clock = new FakeTimeProvider();
        var gate = new RateGate(Limit(1, 1), clock);
        var lease = await gate.EnterAsync(RequestPriority.Background, false, default);
        var waiter = gate.EnterAsync(RequestPriority.Background, false, default);

        gate.Dispose();
        lease.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => gate.EnterAsync(RequestPriority.Background, false, default));
    }

    [Fact]
    public void Registry_gives_every_client_of_an_account_the_same_gate()
    {
        using var registry = new RateGateRegistry(new RateLimitOptions(), new FakeTimeProvider());

        Assert.Same(registry.For("123"), registry.For("123"));
        Assert.NotSame(registry.For("123"), registry.For("456"));
    }

    [Fact]
    public void Bad_limits_are_refused_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => new RateGate(new RateLimitOptions { Requests = 0 }, new FakeTimeProvider()));
        Assert.Contains("Harvest:RateLimit:Requests must be between 1 and 1000", error.Message);
    }
}
