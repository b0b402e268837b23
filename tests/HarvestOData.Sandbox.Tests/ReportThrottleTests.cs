using System.Net;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>The Reports API's own budget: 100 calls per 15 minutes per account, apart from the general 100 per 15 seconds.</summary>
public sealed class ReportThrottleTests
{
    private readonly HarvestSandbox _sandbox;
    private readonly FakeTimeProvider _clock;

    public ReportThrottleTests() => (_sandbox, _clock) = Sandboxes.Create(o => o.TimeEntries = 200);

    [Fact]
    public async Task The_101st_report_call_in_15_minutes_gets_429_while_other_endpoints_still_answer()
    {
        using var client = _sandbox.ClientFor(_sandbox.Administrator);
        for (int i = 0; i < 100; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("reports/project_budget")).StatusCode);
        using (var refused = await client.GetAsync("reports/time/clients?from=20250101&to=20250618"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromMinutes(15), refused.Headers.RetryAfter!.Delta);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        Assert.Equal((1, 0), (_sandbox.Counters.CallsOverLimit, _sandbox.Counters.CallsWhileThrottled));

        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("reports/project_budget")).StatusCode);
        Assert.Equal((1, 0), (_sandbox.Counters.CallsOverLimit, _sandbox.Counters.CallsWhileThrottled));
    }

    [Fact]
    public async Task Report_calls_do_not_spend_the_general_budget()
    {
        var (sandbox, _) = Sandboxes.Create(o => (o.TimeEntries, o.RateLimitRequests) = (200, 3));
        using var client = sandbox.ClientFor(sandbox.Administrator);
        for (int i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("reports/project_budget")).StatusCode);
        for (int i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(0, sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, sandbox.Counters.CallsWhileThrottled);
    }
}
