using System.Collections.Concurrent;
using System.Diagnostics;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Harvest.RateLimiting.Postgres;
using Npgsql;

namespace HarvestOData.Harvest.Tests.RateLimiting;

/// <summary>
/// Two nodes on one PostgreSQL database: two gates for one Harvest account, each with its own connection pool (as two
/// processes would have), on one fake clock. Together they must behave as one gate.
/// </summary>
public sealed class SharedRateGateTests : IAsyncLifetime
{
    private const string Account = "4242";
    private readonly string _database = PostgresCluster.Shared.CreateDatabase("shared_gate");
    private readonly FakeTimeProvider _clock = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<RateGate> _gates = [];

    private static RateLimitOptions Limit(int requests, double windowSeconds, double reserve = 0.1) => new()
    {
        Requests = requests, WindowSeconds = windowSeconds, MarginSeconds = 0, ClockSkewSeconds = 0, InteractiveReserveShare = reserve,
    };

    /// <summary>A node: its own pool on the shared database, its own gate for the account, its own clock if given.</summary>
    private RateGate Node(RateLimitOptions options, TimeProvider? clock = null)
    {
        var stores = new PostgresRateGateStores(_database, TimeSpan.FromSeconds(30));
        var gate = new RateGate(options, clock ?? _clock, accountId: Account, store: stores.For(Account, options));
        _owned.Add(stores);
        _owned.Add(new Disposing(gate));
        _gates.Add(gate);
        return gate;
    }

    [Fact]
    public async Task Two_nodes_together_never_let_more_than_the_limit_through_in_any_window()
    {
        var options = Limit(5, 1);
        var nodes = new[] { Node(options), Node(options) };
        var perNode = new int[2];

        var callers = Enumerable.Range(0, 24).Select(async i =>
        {
            var gate = nodes[i % 2];
            using var lease = await gate.EnterAsync(RequestPriority.Background, CallBudget.General, default);
            Interlocked.Increment(ref perNode[i % 2]);
        });
        await DriveAsync(Task.WhenAll(callers));

        var answered = Answers();
        Assert.Equal(24, answered.Count);
        foreach (var t in answered)
            Assert.True(answered.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)) <= 5, $"more than 5 calls answered in the 1 s window from {t:O}");
        Assert.All(perNode, n => Assert.True(n > 0, "both nodes got calls through"));
        // A shared gate that over-serialised would be safe but slow: 24 calls at 5 per window fit in 5 windows.
        Assert.True(answered[^1] - answered[0] < TimeSpan.FromSeconds(6), $"24 calls took {answered[^1] - answered[0]}");
    }

    [Fact]
    public async Task A_node_whose_clock_runs_ahead_still_keeps_the_account_under_the_limit_in_true_time()
    {
        // Node B's clock is 0.3 s ahead: it stamps its calls late and sees node A's calls as older than they are.
        var options = Limit(5, 1);
        options.ClockSkewSeconds = 0.3;
        var skew = TimeSpan.FromSeconds(0.3);
        var nodes = new[] { Node(options), Node(options, new SkewedClock(_clock, skew)) };
        var calls = new ConcurrentBag<(long Id, int Node)>();

        var callers = Enumerable.Range(0, 30).Select(async i =>
        {
            using var lease = await nodes[i % 2].EnterAsync(RequestPriority.Background, CallBudget.General, default);
            calls.Add((lease.SharedCall!.Value, i % 2));
        });
        await DriveAsync(Task.WhenAll(callers));

        var node = calls.ToDictionary(c => c.Id, c => c.Node);
        var truth = Calls().Select(c => c.Answered - (node[c.Id] == 1 ? skew : TimeSpan.Zero)).Order().ToList();
        Assert.Equal(30, truth.Count);
        foreach (var t in truth)
            Assert.True(truth.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)) <= 5, $"more than 5 calls reached Harvest in the true 1 s window from {t:ss.fff}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_retry_after_hold_set_by_either_node_holds_both_and_then_one_probe_goes_alone(int throttling)
    {
        var options = Limit(10, 1);
        var nodes = new[] { Node(options), Node(options) };
        var refused = await nodes[throttling].EnterAsync(RequestPriority.Background, CallBudget.General, default);
        await nodes[throttling].ThrottleAsync(TimeSpan.FromSeconds(5), refused, default);
        refused.Dispose();
        var held = new[]
        {
            nodes[0].EnterAsync(RequestPriority.Interactive, CallBudget.General, default),
            nodes[1].EnterAsync(RequestPriority.Interactive, CallBudget.General, default),
            nodes[1 - throttling].EnterAsync(RequestPriority.Background, CallBudget.General, default),
        };

        await StepAsync(TimeSpan.FromSeconds(4.9));
        Assert.All(held, t => Assert.False(t.IsCompleted, "a call went out while Harvest held the account"));

        await StepAsync(TimeSpan.FromSeconds(0.2));
        await UntilAsync(() => held.Any(t => t.IsCompleted), "the probe after the hold");
        await StepAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1, held.Count(t => t.IsCompleted)); // the probe goes alone until its answer is in
        (await held.Single(t => t.IsCompleted)).Dispose();

        await DriveAsync(Task.WhenAll(held));
        foreach (var t in held)
            (await t).Dispose();
    }

    [Fact]
    public async Task Interactive_calls_on_one_node_get_through_while_the_other_node_saturates_the_account_with_sync()
    {
        var options = Limit(10, 1);
        var syncNode = Node(options);
        var interactiveNode = Node(options);
        using var stop = new CancellationTokenSource();
        int synced = 0;
        var sync = Enumerable.Range(0, 30).Select(async i =>
        {
            try
            {
                while (true)
                {
                    using var lease = await syncNode.EnterAsync(RequestPriority.Background, CallBudget.General, stop.Token);
                    Interlocked.Increment(ref synced);
                    // Answers take different times, so slots free one at a time and every freed slot is contested.
                    await Task.Delay(TimeSpan.FromMilliseconds(10 + 37 * (i % 9)), _clock, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }).ToList();
        await StepAsync(TimeSpan.FromSeconds(3)); // the sync fills every window
        Assert.True(synced >= 25, $"the sync should saturate the account, made {synced} calls");

        var asked = new List<DateTimeOffset>();
        for (int i = 0; i < 5; i++)
        {
            asked.Add(_clock.GetUtcNow());
            var call = interactiveNode.EnterAsync(RequestPriority.Interactive, CallBudget.General, default);
            await DriveAsync(call);
            (await call).Dispose();
            await StepAsync(TimeSpan.FromSeconds(0.3));
        }
        Assert.True(syncNode.Waiting > 0, "the sync kept waiting for slots all along");
        await stop.CancelAsync();
        await Task.WhenAll(sync);

        // Each interactive call took the first slot that freed after it asked: no sync call got one in between, though
        // the sync node wanted every slot and the interactive node's queue is invisible to it.
        var granted = Grants(interactive: true);
        var background = Grants(interactive: false);
        Assert.Equal(5, granted.Count);
        for (int i = 0; i < 5; i++)
        {
            var overtaking = background.Count(t => t > asked[i] && t < granted[i]);
            Assert.True(overtaking == 0, $"{overtaking} sync calls went between interactive call {i}'s request at {asked[i]:ss.fff} and its grant at {granted[i]:ss.fff}");
        }
        // While an interactive caller is about (a window after it asked), the sync never takes the reserved slot.
        var calls = Calls();
        foreach (var call in calls.Where(c => !c.Interactive && asked.Any(a => c.Granted >= a && c.Granted < a + TimeSpan.FromSeconds(1))))
        {
            int before = calls.Count(o => o.Id < call.Id && o.Granted <= call.Granted && o.Answered + TimeSpan.FromSeconds(1) > call.Granted);
            Assert.True(before <= 8, $"a sync call granted at {call.Granted:ss.fff} made {before + 1} of 10 with an interactive caller waiting");
        }
        var answered = Answers();
        foreach (var t in answered)
            Assert.True(answered.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)) <= 10, $"more than 10 calls in the window from {t:O}");
    }

    [Fact]
    public async Task Each_answer_counts_its_window_from_its_own_moment_even_when_reported_together()
    {
        // Answers reported in one round trip used to take the latest one's time: every slot freed late and together,
        // and the gate ran in bursts with idle gaps. Here three answers come in 200 ms apart before the pump can report.
        var options = Limit(10, 1);
        var gate = Node(options);
        var leases = new List<RateGateLease>();
        for (int i = 0; i < 3; i++)
            leases.Add(await DriveAsync(gate.EnterAsync(RequestPriority.Background, CallBudget.General, default)));
        await SettleAsync();
        var start = _clock.GetUtcNow();
        foreach (var lease in leases)
        {
            lease.Dispose();
            _clock.Advance(TimeSpan.FromMilliseconds(200));
        }
        await SettleAsync();

        var answered = Calls().Select(c => c.Answered).ToList();
        Assert.Equal([start, start.AddMilliseconds(200), start.AddMilliseconds(400)], answered);
    }

    private List<(long Id, bool Interactive, DateTimeOffset Granted, DateTimeOffset Answered)> Calls()
    {
        using var connection = new NpgsqlConnection(_database);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT id, interactive, granted_at, answered_at FROM harvest_rate.call WHERE answered_at IS NOT NULL ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var calls = new List<(long, bool, DateTimeOffset, DateTimeOffset)>();
        while (reader.Read())
            calls.Add((reader.GetInt64(0), reader.GetBoolean(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return calls;
    }

    private List<DateTimeOffset> Grants(bool interactive)
    {
        using var connection = new NpgsqlConnection(_database);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT granted_at FROM harvest_rate.call WHERE interactive = $1 ORDER BY granted_at", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = interactive });
        using var reader = command.ExecuteReader();
        var times = new List<DateTimeOffset>();
        while (reader.Read())
            times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return times;
    }

    /// <summary>Every call's answer time as the shared log recorded it.</summary>
    private List<DateTimeOffset> Answers()
    {
        using var connection = new NpgsqlConnection(_database);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT answered_at FROM harvest_rate.call WHERE answered_at IS NOT NULL ORDER BY answered_at", connection);
        using var reader = command.ExecuteReader();
        var times = new List<DateTimeOffset>();
        while (reader.Read())
            times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return times;
    }

    /// <summary>
    /// Moves the fake clock in small steps; before each, lets both nodes settle: their pumps asleep with nothing to do
    /// and their callers' counts unchanged over a few polls (the database round trips take real time).
    /// </summary>
    private async Task StepAsync(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            await SettleAsync();
            _clock.Advance(by - moved < step ? by - moved : step);
        }
        await SettleAsync();
    }

    private async Task SettleAsync()
    {
        var guard = Stopwatch.StartNew();
        int quiet = 0;
        string last = "";
        while (quiet < 3)
        {
            await Task.Delay(2);
            string now = string.Join(",", _gates.Select(g => $"{g.SharedPumpIdle}/{g.Waiting}/{g.InFlight}"));
            quiet = _gates.All(g => g.SharedPumpIdle) && now == last ? quiet + 1 : 0;
            last = now;
            if (guard.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"The gates never settled ({now}).");
        }
    }

    private async Task<T> DriveAsync<T>(Task<T> work)
    {
        await DriveAsync((Task)work);
        return await work;
    }

    /// <summary>Steps the fake clock until <paramref name="work"/> is done; the real clock is only a hang guard.</summary>
    private async Task DriveAsync(Task work)
    {
        var guard = Stopwatch.StartNew();
        while (!work.IsCompleted)
        {
            await StepAsync(TimeSpan.FromMilliseconds(50));
            if (guard.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException("The callers made no progress (hang guard).");
        }
        await work;
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var guard = Stopwatch.StartNew();
        while (!condition())
        {
            if (guard.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"Waited in vain for {what}.");
            await Task.Delay(10);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
            await owned.DisposeAsync();
    }

    /// <summary>Another node's clock: the same fake time plus an offset.</summary>
    private sealed class SkewedClock(FakeTimeProvider inner, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }

    private sealed class Disposing(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
