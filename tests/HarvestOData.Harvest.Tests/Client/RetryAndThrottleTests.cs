using System.Net;
using System.Net.Http.Headers;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.Client;

public sealed class RetryAndThrottleTests
{
    private static readonly ResourceDefinition Clients = EntityCatalog.Get("clients");
    private const string EmptyList = """{"clients":[],"links":{"next":null}}""";

    private static Task ListAll(IHarvestClient client) => client.FirstPageAsync(Clients, ListQuery.All);

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    public async Task A_throttle_answer_holds_every_caller_for_retry_after_and_nothing_is_sent_meanwhile(HttpStatusCode status, bool asDate)
    {
        using var harvest = new TestHarvest(o => o.RateLimit = new RateLimitOptions { Requests = 5, WindowSeconds = 1, MarginSeconds = 0.25 });
        var retryAfter = TimeSpan.FromSeconds(10);
        DateTimeOffset? throttledAt = null;
        harvest.Handler.Answer = (call, index, _) =>
        {
            if (index != 7)
                return Task.FromResult(RecordingHandler.Json(EmptyList));
            throttledAt = call.At;
            var response = RecordingHandler.Status(status);
            response.Headers.RetryAfter = asDate
                ? new RetryConditionHeaderValue(call.At + retryAfter)
                : new RetryConditionHeaderValue(retryAfter);
            return Task.FromResult(response);
        };
        var other = harvest.NewClient("another-callers-token"); // same account, same gate

        var callers = Enumerable.Range(0, 20).Select(i => ListAll(i % 2 == 0 ? harvest.Client : other));
        await harvest.RunAsync(Task.WhenAll(callers));

        var calls = harvest.Handler.Calls;
        Assert.Equal(21, calls.Count); // every caller answered, the throttled call sent once more
        Assert.NotNull(throttledAt);
        Assert.DoesNotContain(calls, c => c.At > throttledAt && c.At < throttledAt + retryAfter);
        Assert.Contains(calls, c => c.At >= throttledAt + retryAfter);
    }

    [Fact]
    public async Task A_503_without_retry_after_is_a_server_error_retried_with_backoff_not_a_throttle()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, index, _) => Task.FromResult(index == 0
            ? RecordingHandler.Status(HttpStatusCode.ServiceUnavailable)
            : RecordingHandler.Json(EmptyList));

        await harvest.RunAsync(ListAll(harvest.Client));

        var calls = harvest.Handler.Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), calls[1].At - calls[0].At); // base delay, jitter source at its middle
        Assert.True(harvest.Gate.BlockedUntil < calls[0].At);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially_with_jitter_up_to_the_cap()
    {
        using var harvest = new TestHarvest(o => o.Retry = new RetryOptions { MaxAttempts = 8, BaseDelaySeconds = 1, MaxDelaySeconds = 20, Jitter = 0.2 });
        double[] random = [0.0, 1.0, 0.5, 0.25, 0.75, 0.0, 1.0];
        int draw = 0;
        harvest.Client.JitterSource = () => random[draw++];
        harvest.Handler.Answer = (_, index, _) => Task.FromResult(index < 7
            ? RecordingHandler.Status(HttpStatusCode.InternalServerError)
            : RecordingHandler.Json(EmptyList));

        await harvest.RunAsync(ListAll(harvest.Client));

        var at = harvest.Handler.Calls.Select(c => c.At).ToList();
        var delays = at.Zip(at.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        // 1·0.8, 2·1.2, 4·1.0, 8·0.9, 16·1.1, 32·0.8 → cap 20, 64·1.2 → cap 20
        Assert.Equal([0.8, 2.4, 4.0, 7.2, 17.6, 20.0, 20.0], delays.Select(d => Math.Round(d, 3)));
    }

    [Fact]
    public async Task Retries_give_up_after_the_last_attempt_with_the_status()
    {
        using var harvest = new TestHarvest(o => o.Retry = new RetryOptions { MaxAttempts = 3 });
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Status(HttpStatusCode.BadGateway));

        var failure = ListAll(harvest.Client);
        await Assert.ThrowsAsync<HarvestApiException>(() => harvest.RunAsync(failure));

        var error = await Assert.ThrowsAsync<HarvestApiException>(() => failure);
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Equal(3, harvest.Handler.Calls.Count);
        Assert.DoesNotContain(TestHarvest.Token, error.ToString());
    }

    [Fact]
    public async Task Every_retry_passes_the_gate_again()
    {
        // Two calls per 10 s: the third attempt waits for the window (t=10), not just for its 2 s backoff (t=3).
        using var harvest = new TestHarvest(o =>
        {
            o.RateLimit = new RateLimitOptions { Requests = 2, WindowSeconds = 10, MarginSeconds = 0 };
            o.Retry = new RetryOptions { MaxAttempts = 4, BaseDelaySeconds = 1 };
        });
        harvest.Handler.Answer = (_, index, _) => Task.FromResult(index < 3
            ? RecordingHandler.Status(HttpStatusCode.InternalServerError)
            : RecordingHandler.Json(EmptyList));
        var start = harvest.Clock.GetUtcNow();

        await harvest.RunAsync(ListAll(harvest.Client));

        var offsets = harvest.Handler.Calls.Select(c => (c.At - start).TotalSeconds).ToArray();
        Assert.Equal([0, 1, 10, 14], offsets);
    }

    [Fact]
    public async Task Timeouts_and_dropped_connections_are_retried()
    {
        using var harvest = new TestHarvest(o => o.RequestTimeoutSeconds = 5);
        harvest.Handler.Answer = async (_, index, cancellationToken) =>
        {
            if (index == 0)
                throw new HttpRequestException("connection reset", new IOException("reset"), null);
            if (index == 1)
                throw new IOException("The response ended prematurely.");
            if (index == 2)
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken); // never answers: times out on the fake clock
            return RecordingHandler.Json(EmptyList);
        };

        var work = ListAll(harvest.Client);
        while (harvest.Handler.Calls.Count < 4 && !work.IsCompleted)
        {
            await Task.Delay(1);
            harvest.Clock.AdvanceToNextTimer();
        }
        await work;

        var at = harvest.Handler.Calls.Select(c => c.At).ToList();
        Assert.Equal(4, at.Count);
        Assert.Equal(TimeSpan.FromSeconds(5 + 4), at[3] - at[2]); // the 5 s timeout, then the third backoff
    }

    [Fact]
    public async Task Malformed_json_in_a_200_answer_is_retried()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, index, _) => Task.FromResult(RecordingHandler.Json(index == 0
            ? """{"clients":[{"id":1,"name":"Trunc"""
            : """{"clients":[{"id":1,"name":"Whole","is_active":true,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}],"links":{"next":null}}"""));

        var page = harvest.Client.FirstPageAsync(Clients, ListQuery.All);
        await harvest.RunAsync(page);

        Assert.Equal(2, harvest.Handler.Calls.Count);
        Assert.Equal("Whole", (await page).Records.Single()["name"]);
    }

    [Fact]
    public async Task A_create_that_failed_on_the_server_is_not_sent_twice()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, _, _) => Task.FromResult(RecordingHandler.Status(HttpStatusCode.InternalServerError));

        var create = harvest.Client.CreateAsync(Clients, new System.Text.Json.Nodes.JsonObject { ["name"] = "New" });
        var error = await Assert.ThrowsAsync<HarvestApiException>(() => create);

        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Single(harvest.Handler.Calls);
    }

    [Fact]
    public async Task A_create_throttled_by_harvest_is_sent_again_after_retry_after()
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, index, _) => Task.FromResult(index == 0
            ? RecordingHandler.Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3))
            : RecordingHandler.Json("""{"id":9,"name":"New","is_active":true,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z"}""", HttpStatusCode.Created));

        var create = harvest.Client.CreateAsync(Clients, new System.Text.Json.Nodes.JsonObject { ["name"] = "New" });
        await harvest.RunAsync(create);

        var calls = harvest.Handler.Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(TimeSpan.FromSeconds(3.25), calls[1].At - calls[0].At);
        Assert.Equal(9L, (await create).Id);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_fractional_retry_after_is_honoured_rounded_up_to_whole_seconds(HttpStatusCode status)
    {
        using var harvest = new TestHarvest();
        harvest.Handler.Answer = (_, index, _) =>
        {
            if (index > 0)
                return Task.FromResult(RecordingHandler.Json(EmptyList));
            var response = RecordingHandler.Status(status);
            response.Headers.TryAddWithoutValidation("Retry-After", "7.5"); // not a valid typed header value: read it anyway
            return Task.FromResult(response);
        };

        await harvest.RunAsync(ListAll(harvest.Client));

        var calls = harvest.Handler.Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(TimeSpan.FromSeconds(8 + 0.25), calls[1].At - calls[0].At); // 7.5 → 8, plus the margin
    }
}
