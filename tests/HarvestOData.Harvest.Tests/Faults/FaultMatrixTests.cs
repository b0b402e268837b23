using HarvestOData.Harvest.Tests.Support;
using HarvestOData.Sandbox;

namespace HarvestOData.Harvest.Tests.Faults;

/// <summary>
/// Every kind of trouble Harvest can cause, one at a time, against the production client stack over real sockets: the
/// walk still lists exactly the sandbox's rows, nothing reaches Harvest that the gate did not let through, no call goes
/// over the limit, and none is made while throttled. The one exception is physics: when Harvest throttles without
/// warning (a storm, or a real budget smaller than configured), calls already on the wire arrive inside that first
/// block; from then on the gate sends alone whatever Harvest has not yet accepted, so no later call lands in a block.
/// </summary>
public sealed class FaultMatrixTests
{
    public static TheoryData<string> Faults => new()
    {
        "dropped connections",
        "server errors",
        "503 without Retry-After",
        "429 storm",
        "503 storm",
        "slow answers",
        "malformed bodies",
        "lower real budget",
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task The_walk_converges_and_never_calls_into_a_block(string fault)
    {
        await using var rig = await FaultRig.StartAsync();
        var sandbox = rig.Sandbox;
        bool unannouncedThrottles = Arm(sandbox, fault);
        long? whileThrottledAtFirstProbe = null;
        rig.Sends.AfterFirstBlock = () => whileThrottledAtFirstProbe = sandbox.Counters.CallsWhileThrottled;

        var listed = await TimeEntryWalk.ListAllAsync(rig.Client, sandbox);
        sandbox.Faults.Clear();

        var counters = sandbox.Counters;
        Assert.Equal(TimeEntryWalk.Truth(sandbox), listed);
        Assert.True(counters.Calls <= rig.Sends.Sends, $"{counters.Calls} calls reached Harvest, the gate let through {rig.Sends.Sends}");
        if (whileThrottledAtFirstProbe is { } atFirstProbe)
            Assert.Equal(atFirstProbe, counters.CallsWhileThrottled);
        if (!unannouncedThrottles)
            Assert.Equal(0, counters.CallsWhileThrottled);
        if (fault == "lower real budget")
            Assert.True(counters.CallsOverLimit <= 2, $"Harvest refused {counters.CallsOverLimit} calls over its limit ({counters})");
        else
            Assert.Equal(0, counters.CallsOverLimit);
        Assert.True(counters.Calls > 3 * FaultRig.Limit, $"the walk must span several windows ({counters})");
    }

    /// <summary>Arms the fault; true when it makes Harvest throttle without the client having exceeded anything it knew.</summary>
    private static bool Arm(HarvestSandbox sandbox, string fault)
    {
        switch (fault)
        {
            case "dropped connections":
                sandbox.Faults.DropShare(0.3, seed: 11);
                return false;
            case "server errors":
                sandbox.Faults.ServerErrors(20, 500);
                return false;
            case "503 without Retry-After":
                sandbox.Faults.ServerErrors(20, 503);
                return false;
            case "429 storm":
                sandbox.Faults.Throttles(4, 0.5);
                return true;
            case "503 storm":
                sandbox.Faults.Throttles(4, 0.5, status: 503);
                return true;
            case "slow answers":
                sandbox.Faults.SlowAnswers(4, TimeSpan.FromSeconds(1.5)); // longer than the client's 1 s timeout
                return false;
            case "malformed bodies":
                sandbox.Faults.MalformedJson(15);
                return false;
            case "lower real budget":
                sandbox.RateLimit = 8; // the client is configured for 20
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault.");
        }
    }
}
