using System.Diagnostics;
using HarvestOData.Harvest.RateLimiting;

namespace HarvestOData.Harvest.Tests.Support;

/// <summary>
/// Runs concurrent callers on a <see cref="FakeTimeProvider"/>: lets the callers settle (every call let through by
/// the gate has its answer), then jumps the clock to the next armed timer. The real clock is only used to give
/// continuations a chance to run and as a hang guard, never for what is asserted.
/// </summary>
public static class ClockDriver
{
    public static async Task RunAsync(FakeTimeProvider clock, RateGate gate, Task work)
    {
        var guard = Stopwatch.StartNew();
        while (!work.IsCompleted)
        {
            await SettleAsync(gate, guard);
            if (work.IsCompleted)
                break;
            if (!clock.AdvanceToNextTimer())
                await Task.Delay(1);
            if (guard.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException("The callers made no progress on the fake clock (hang guard).");
        }
        await work;
    }

    private static async Task SettleAsync(RateGate gate, Stopwatch guard)
    {
        // Two quiet polls in a row: nothing in flight and the number of waiters unchanged.
        int quiet = 0, lastWaiting = -1;
        while (quiet < 2)
        {
            await Task.Delay(1);
            int waiting = gate.Waiting;
            quiet = gate.InFlight == 0 && waiting == lastWaiting ? quiet + 1 : 0;
            lastWaiting = waiting;
            if (guard.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException("A call never got its answer (hang guard).");
        }
    }
}
