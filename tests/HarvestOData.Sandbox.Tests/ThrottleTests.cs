using System.Net;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>
/// The throttle exactly as docs/harvest.md#throttle describes it: a sliding window of accepted calls; the call over the limit is
/// refused with Retry-After and blocks the account for a window; a call while blocked restarts the block.
/// </summary>
public sealed class ThrottleTests
{
    private const int Limit = 5;

    private readonly HarvestSandbox _sandbox;
    private readonly FakeTimeProvider _clock;

    public ThrottleTests() => (_sandbox, _clock) = Sandboxes.Create(o => (o.RateLimitRequests, o.RateLimitWindowSeconds) = (Limit, 15));

    [Fact]
    public async Task The_call_over_the_limit_gets_429_with_retry_after_the_window()
    {
        using var client = _sandbox.ClientFor(_sandbox.Administrator);
        for (int i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        using var refused = await client.GetAsync("company");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(15), refused.Headers.RetryAfter!.Delta);
        Assert.Equal((6, 1, 0, 1), (_sandbox.Counters.Calls, _sandbox.Counters.CallsOverLimit, _sandbox.Counters.CallsWhileThrottled, _sandbox.Counters.ThrottledAnswers));
    }

    [Fact]
    public async Task A_call_while_blocked_is_counted_and_restarts_the_block()
    {
        using var client = _sandbox.ClientFor(_sandbox.Administrator);
        await Exhaust(client);
        _clock.Advance(TimeSpan.FromSeconds(10));
        using (var whileBlocked = await client.GetAsync("company"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, whileBlocked.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(15), whileBlocked.Headers.RetryAfter!.Delta);
        }
        // 20 s after the first refusal, but only 10 s after the call that restarted the block.
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(2, _sandbox.Counters.CallsWhileThrottled);
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(1, _sandbox.Counters.CallsOverLimit);
        Assert.Equal(3, _sandbox.Counters.ThrottledAnswers);
    }

    [Fact]
    public async Task The_window_slides_and_refused_calls_do_not_fill_it()
    {
        using var client = _sandbox.ClientFor(_sandbox.Administrator);
        for (int i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
            _clock.Advance(TimeSpan.FromSeconds(3));
        }
        // The first call (t = 0) left the window at t = 15: one slot is free again, the next one is not.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("company")).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(15));
        for (int i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
    }

    [Fact]
    public async Task Legacy_mode_answers_503_and_retry_after_rounds_up()
    {
        var (sandbox, _) = Sandboxes.Create(o => (o.RateLimitRequests, o.RateLimitWindowSeconds, o.Throttle) = (2, 2.5, ThrottleMode.Legacy503));
        using var client = sandbox.ClientFor(sandbox.Member);
        await client.GetAsync("users/me");
        await client.GetAsync("users/me");
        using var refused = await client.GetAsync("users/me");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task The_limit_is_per_account_across_users_and_counters_reset()
    {
        using var admin = _sandbox.ClientFor(_sandbox.Administrator);
        using var member = _sandbox.ClientFor(_sandbox.Member);
        for (int i = 0; i < Limit; i++)
            await (i % 2 == 0 ? admin : member).GetAsync("users/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await member.GetAsync("users/me")).StatusCode);
        _sandbox.Counters.Reset();
        Assert.Equal((0, 0, 0, 0, 0), (_sandbox.Counters.Calls, _sandbox.Counters.CallsOverLimit, _sandbox.Counters.CallsWhileThrottled, _sandbox.Counters.ThrottledAnswers, _sandbox.Counters.ServerErrors));
    }

    private async Task Exhaust(HttpClient client)
    {
        for (int i = 0; i < Limit; i++)
            await client.GetAsync("company");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("company")).StatusCode);
    }
}
