using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.Faults;

/// <summary>
/// Over real loopback sockets, a connection Harvest closes without answering must not be sent again by
/// <see cref="SocketsHttpHandler"/> behind the gate's back: every call that reaches Harvest is one the gate let through.
/// </summary>
public sealed class DroppedConnectionTests
{
    [Fact]
    public async Task With_a_third_of_the_connections_dropped_every_call_reaching_harvest_passed_the_gate()
    {
        await using var rig = await FaultRig.StartAsync();
        rig.Sandbox.Faults.DropShare(0.3, seed: 3);

        var listed = await TimeEntryWalk.ListAllAsync(rig.Client, rig.Sandbox);
        rig.Sandbox.Faults.Clear();

        var counters = rig.Sandbox.Counters;
        // The sandbox counts arrivals, the gate what it let through. A call the gate let through may still never arrive (it
        // timed out waiting for a connection), but nothing may arrive that the gate did not let through.
        Assert.True(counters.Calls <= rig.Sends.Sends, $"{counters.Calls} calls reached Harvest, the gate let through {rig.Sends.Sends}");
        Assert.Equal(0, counters.CallsOverLimit);
        Assert.Equal(0, counters.CallsWhileThrottled);
        Assert.Equal(TimeEntryWalk.Truth(rig.Sandbox), listed);
        Assert.True(counters.Calls > 3 * FaultRig.Limit, $"the walk must span several windows ({counters})");
    }
}
