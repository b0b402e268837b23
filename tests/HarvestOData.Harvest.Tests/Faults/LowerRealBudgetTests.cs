using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Harvest.Tests.Support;
using HarvestOData.Sandbox;

namespace HarvestOData.Harvest.Tests.Faults;

/// <summary>
/// Harvest allows fewer calls than configured (another integration shares the account, or Harvest lowered the limit):
/// after the first throttle answer the client learns the smaller budget and never again sends into a block. Sandbox and
/// gate share one fake clock.
/// </summary>
public sealed class LowerRealBudgetTests
{
    [Fact]
    public async Task After_the_first_block_no_call_is_made_while_throttled_and_the_listing_is_complete()
    {
        var clock = new FakeTimeProvider();
        var sandbox = new HarvestSandbox(new SandboxOptions
        {
            TimeEntries = 1200, Users = 5, Clients = 2, Projects = 6, Expenses = 40,
            RateLimitRequests = 30, RateLimitWindowSeconds = 15, // Harvest's real budget
        }, clock);
        var sends = new SendCounter();
        var options = new HarvestOptions
        {
            BaseUrl = sandbox.BaseAddress.ToString(), AccountId = sandbox.AccountId, Token = sandbox.Administrator.Token,
            UserAgent = TestHarvest.UserAgent,
            RateLimit = new RateLimitOptions { Requests = 100, WindowSeconds = 15 }, // what the client was told
        };
        using var gate = new RateGate(options.RateLimit, clock, sends);
        using var handler = sandbox.CreateHandler();
        var client = new HarvestClient(new HttpClient(handler, disposeHandler: false), new HarvestCredential(sandbox.AccountId, options.Token), gate, options, clock);
        long? whileThrottledAtFirstProbe = null;
        sends.AfterFirstBlock = () => whileThrottledAtFirstProbe = sandbox.Counters.CallsWhileThrottled;

        var walk = TimeEntryWalk.ListAllAsync(client, sandbox);
        await ClockDriver.RunAsync(clock, gate, walk);

        var counters = sandbox.Counters;
        Assert.True(sends.Throttles > 0 && whileThrottledAtFirstProbe is not null, $"the test must hit the real limit ({counters})");
        Assert.Equal(whileThrottledAtFirstProbe, counters.CallsWhileThrottled);
        // The first refusal halves the budget; one lone call beyond what Harvest then accepts finds the real edge.
        Assert.True(counters.CallsOverLimit <= 2, $"Harvest refused {counters.CallsOverLimit} calls over its limit");
        Assert.True(gate.Budget <= 30, $"the gate still allows {gate.Budget} calls per window");
        Assert.Equal(TimeEntryWalk.Truth(sandbox), await walk);
        Assert.True(counters.Calls > 3 * 30, $"the walk must span several windows ({counters})");
    }

    [Fact]
    public async Task Harvest_lowering_its_limit_mid_run_costs_two_refused_calls_and_no_call_inside_a_block()
    {
        var clock = new FakeTimeProvider();
        var sandbox = new HarvestSandbox(new SandboxOptions
        {
            TimeEntries = 600, Users = 5, Clients = 2, Projects = 6, Expenses = 40, RateLimitRequests = 20, RateLimitWindowSeconds = 15,
        }, clock);
        var sends = new SendCounter();
        var options = new HarvestOptions
        {
            BaseUrl = sandbox.BaseAddress.ToString(), AccountId = sandbox.AccountId, Token = sandbox.Administrator.Token,
            UserAgent = TestHarvest.UserAgent, RateLimit = new RateLimitOptions { Requests = 20, WindowSeconds = 15 },
        };
        using var gate = new RateGate(options.RateLimit, clock, sends);
        using var handler = sandbox.CreateHandler();
        var client = new HarvestClient(new HttpClient(handler, disposeHandler: false), new HarvestCredential(sandbox.AccountId, options.Token), gate, options, clock);
        // One walker at a time: nothing else is in flight when Harvest refuses, so even the first block stays clean.
        sandbox.BeforeRequest = (request, _) =>
        {
            if (request.CallNumber == 30)
                sandbox.RateLimit = 8;
            return Task.CompletedTask;
        };

        var listing = ListSequentially(client);
        await ClockDriver.RunAsync(clock, gate, listing);

        // One refusal to notice (the window Harvest counted it in still held calls of the old limit), one lone call to
        // find the new edge; after that the gate stays under it.
        Assert.Equal(2, sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, sandbox.Counters.CallsWhileThrottled);
        Assert.True(gate.Budget <= 8, $"the gate still allows {gate.Budget} calls per window");
        Assert.Equal(TimeEntryWalk.Truth(sandbox), (await listing).Order());
    }

    private static async Task<List<long>> ListSequentially(IHarvestClient client)
    {
        var ids = new List<long>();
        await foreach (var page in client.ListAsync(TimeEntryWalk.TimeEntries, new ListQuery { PerPage = 10 }))
            ids.AddRange(page.Records.Select(r => r.Id));
        return ids;
    }
}
