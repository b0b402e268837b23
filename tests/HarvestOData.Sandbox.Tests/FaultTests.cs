using System.Net;
using System.Text.Json;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Faults injected on demand, each kind used up by the calls that take it.</summary>
public sealed class FaultTests
{
    private readonly HarvestSandbox _sandbox = Sandboxes.Create().Sandbox;

    [Fact]
    public async Task Server_errors_come_in_the_requested_burst_then_answers_are_normal()
    {
        using var client = Admin();
        _sandbox.Faults.ServerErrors(2, 503);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(2, _sandbox.Counters.ServerErrors);
    }

    [Fact]
    public async Task A_dropped_connection_throws_like_a_reset_socket_and_processes_nothing()
    {
        using var client = Admin();
        var (project, task) = Work.For(_sandbox, _sandbox.Administrator.UserId);
        int before = _sandbox.Data.Count("time_entries");
        _sandbox.Faults.DroppedConnections(1);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18", hours = 1 }));
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(before, _sandbox.Data.Count("time_entries"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
    }

    [Fact]
    public async Task A_malformed_answer_is_200_with_a_body_that_does_not_parse()
    {
        using var client = Admin();
        _sandbox.Faults.MalformedJson(1);
        using var response = await client.GetAsync("clients");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        JsonDocument.Parse(await client.GetStringAsync("clients")).Dispose();
    }

    [Fact]
    public async Task A_slow_answer_still_answers_correctly()
    {
        using var client = Admin();
        _sandbox.Faults.SlowAnswers(1, TimeSpan.FromMilliseconds(20));
        var page = await client.GetOk("clients");
        Assert.Equal(20, page["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_throttle_answer_carries_the_asked_Retry_After_without_blocking_the_account()
    {
        using var client = Admin();
        _sandbox.Faults.Throttles(1, retryAfterSeconds: 3600, blockAccount: false);
        using var throttled = await client.GetAsync("clients");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("clients")).StatusCode);
        Assert.Equal(0, _sandbox.Counters.CallsWhileThrottled);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task A_contradictory_list_page_keeps_its_totals_but_only_the_first_rows_and_other_calls_are_untouched(int keepRows)
    {
        using var client = Admin();
        _sandbox.Faults.ContradictoryListPages(1, keepRows);
        var company = await client.GetOk("company");
        Assert.NotNull(company["name"]);
        var spoiled = await client.GetOk("clients");
        Assert.Equal(20, spoiled["total_entries"]!.GetValue<int>());
        Assert.Equal(keepRows, spoiled["clients"]!.AsArray().Count);
        var next = await client.GetOk("clients");
        Assert.Equal(20, next["clients"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_wrong_typed_list_answer_carries_ids_that_are_not_numbers()
    {
        using var client = Admin();
        _sandbox.Faults.WrongTypedRecords(1);
        var spoiled = await client.GetOk("clients");
        Assert.All(spoiled["clients"]!.AsArray(), row => Assert.Equal("not-a-number", row!["id"]!.GetValue<string>()));
        var next = await client.GetOk("clients");
        Assert.All(next["clients"]!.AsArray(), row => Assert.True(row!["id"]!.GetValue<long>() > 0));
    }

    [Fact]
    public async Task Faulted_calls_count_against_the_throttle_and_clear_disarms_faults()
    {
        var (sandbox, _) = Sandboxes.Create(o => o.RateLimitRequests = 3);
        using var client = sandbox.ClientFor(sandbox.Administrator);
        sandbox.Faults.ServerErrors(2);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("company")).StatusCode);
        var fresh = Sandboxes.Create().Sandbox;
        fresh.Faults.DroppedConnections(5);
        fresh.Faults.MalformedJson(5);
        fresh.Faults.Clear();
        await fresh.ClientFor(fresh.Member).GetOk("users/me");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_throttle_storm_answers_with_a_fractional_retry_after_and_blocks_the_account_that_long(int status)
    {
        var (sandbox, clock) = Sandboxes.Create();
        using var client = sandbox.ClientFor(sandbox.Administrator);
        sandbox.Faults.Throttles(1, 7.5, status);

        using var refused = await client.GetAsync("company");
        Assert.Equal(status, (int)refused.StatusCode);
        Assert.Equal("7.5", string.Join(",", refused.Headers.NonValidated["Retry-After"]));
        clock.Advance(TimeSpan.FromSeconds(7));
        // Inside the block the account's own throttle answers, in its own mode (429 here).
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(1, sandbox.Counters.CallsWhileThrottled); // a call inside the announced block counts, and restarts it
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        // The other side of "that long": left alone, a storm's block lifts exactly when its Retry-After said.
        sandbox.Faults.Throttles(1, 7.5, status);
        using var again = await client.GetAsync("company");
        Assert.Equal(status, (int)again.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(7.5));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(1, sandbox.Counters.CallsWhileThrottled);
        Assert.Equal(0, sandbox.Counters.CallsOverLimit);
    }

    [Fact]
    public async Task A_drop_share_drops_about_that_share_of_calls_until_cleared()
    {
        using var client = Admin();
        _sandbox.Faults.DropShare(0.3, seed: 5);
        int dropped = 0;
        for (int i = 0; i < 200; i++)
        {
            try
            {
                (await client.GetAsync("company")).Dispose();
            }
            catch (HttpRequestException)
            {
                dropped++;
            }
        }
        _sandbox.Faults.Clear();
        Assert.InRange(dropped, 40, 80);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);
    }

    [Fact]
    public async Task Lowering_the_rate_limit_mid_run_refuses_the_call_over_the_new_limit()
    {
        var (sandbox, _) = Sandboxes.Create(o => o.RateLimitRequests = 10);
        using var client = sandbox.ClientFor(sandbox.Administrator);
        for (int i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("company")).StatusCode);

        sandbox.RateLimit = 3; // Harvest's real budget is smaller than the client was told

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("company")).StatusCode);
        Assert.Equal(1, sandbox.Counters.CallsOverLimit);
    }

    private HttpClient Admin() => _sandbox.ClientFor(_sandbox.Administrator);
}
