using System.Diagnostics;
using HarvestOData.Sandbox;

namespace HarvestOData.Bench.Sync;

/// <summary>With <c>BENCH_TRACE</c> set: the sandbox's calls per quarter of a throttle window on stderr, to see where the gate idles.</summary>
internal sealed class GateTrace : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private GateTrace(HarvestSandbox sandbox, double windowSeconds, Stopwatch clock) => _ = Task.Run(async () =>
    {
        long last = sandbox.Counters.Calls;
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(windowSeconds / 4));
            long now = sandbox.Counters.Calls;
            Console.Error.WriteLine($"t={clock.Elapsed.TotalSeconds:0.0} s: {now - last} calls in the last quarter window");
            last = now;
        }
    });

    public static GateTrace? StartIfAsked(HarvestSandbox sandbox, double windowSeconds, Stopwatch clock) =>
        Environment.GetEnvironmentVariable("BENCH_TRACE") is null ? null : new GateTrace(sandbox, windowSeconds, clock);

    public void Dispose() => _stop.Cancel();
}
