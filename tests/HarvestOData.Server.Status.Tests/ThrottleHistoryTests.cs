using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Server.Status;

namespace HarvestOData.Server.Status.Tests;

public sealed class ThrottleHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sends_and_throttle_answers_are_counted_in_the_window_they_happened_in()
    {
        var history = new ThrottleHistory(TimeSpan.FromSeconds(15));
        for (int i = 0; i < 7; i++)
            history.OnSend("1", Start + TimeSpan.FromSeconds(i));
        history.OnSend("1", Start + TimeSpan.FromSeconds(16));
        history.OnThrottle("1", Start + TimeSpan.FromSeconds(17), TimeSpan.FromSeconds(10));

        var windows = history.Windows("1", Start + TimeSpan.FromSeconds(20));

        Assert.Equal(ThrottleHistory.WindowCount, windows.Count);
        Assert.Equal(new ThrottleWindow(Start, 7, 0), windows[^2]);
        Assert.Equal(new ThrottleWindow(Start + TimeSpan.FromSeconds(15), 1, 1), windows[^1]);
        Assert.Equal(Start + TimeSpan.FromSeconds(27), history.BlockedUntil("1"));
    }

    [Fact]
    public void Windows_older_than_the_ring_slide_out_and_are_not_confused_with_new_ones()
    {
        var history = new ThrottleHistory(TimeSpan.FromSeconds(1));
        history.OnSend("1", Start);
        var muchLater = Start + TimeSpan.FromSeconds(ThrottleHistory.WindowCount);   // same ring slot, a full turn later
        history.OnSend("1", muchLater);

        var windows = history.Windows("1", muchLater);

        Assert.Equal(1, windows.Sum(w => w.Calls));
        Assert.Equal(1, windows[^1].Calls);
    }

    [Fact]
    public void Accounts_are_kept_apart()
    {
        var history = new ThrottleHistory(TimeSpan.FromSeconds(15));
        history.OnSend("1", Start);

        Assert.Equal(0, history.Windows("2", Start).Sum(w => w.Calls));
        Assert.Null(history.BlockedUntil("2"));
    }

    [Fact]
    public async Task The_rate_gate_reports_every_call_it_lets_through_and_every_throttle_to_its_observer()
    {
        var history = new ThrottleHistory(TimeSpan.FromSeconds(15));
        using var gates = new RateGateRegistry(new RateLimitOptions { Requests = 10, WindowSeconds = 15 }, TimeProvider.System, history);
        var gate = gates.For("1234");

        for (int i = 0; i < 3; i++)
        {
            using var lease = await gate.EnterAsync(RequestPriority.Background, reports: false, CancellationToken.None);
        }
        gate.Throttle(TimeSpan.FromSeconds(2));

        var windows = history.Windows("1234", TimeProvider.System.GetUtcNow());
        Assert.Equal(3, windows.Sum(w => w.Calls));
        Assert.Equal(1, windows.Sum(w => w.Throttles));
        Assert.NotNull(history.BlockedUntil("1234"));
    }
}
