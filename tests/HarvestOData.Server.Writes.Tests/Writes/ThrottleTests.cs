using System.Net;
using System.Net.Http.Headers;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Mirror.Store;
using HarvestOData.Sandbox;
using HarvestOData.Server.Writes.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>A sandbox with a small throttle (20 calls per 2 s), mirroring only what these tests write.</summary>
public class SmallThrottleFixture : WriteFixture
{
    protected override SandboxOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.RateLimitRequests = 20;
        options.RateLimitWindowSeconds = 2;
        return options;
    }

    protected override IReadOnlyList<string>? SyncResources => ["company", "clients"];

    public RateGate Gate => Factory.Services.GetRequiredService<RateGateRegistry>().For(Sandbox.AccountId);

    /// <summary>Someone else (not through this server's gate) uses up the account's quota until Harvest blocks it.</summary>
    public async Task ExhaustHarvestAsync()
    {
        using var direct = new HttpClient(Sandbox.CreateHandler()) { BaseAddress = Sandbox.BaseAddress };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sandbox.Administrator.Token);
        direct.DefaultRequestHeaders.Add("Harvest-Account-Id", Sandbox.AccountId);
        direct.DefaultRequestHeaders.UserAgent.ParseAdd("OtherTool/1.0 (+https://example.com)");
        for (int i = 0; i < 100; i++)
        {
            using var response = await direct.GetAsync("company");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return;
        }
        throw new InvalidOperationException("The sandbox never throttled.");
    }
}

/// <summary>The same fixture over a PostgreSQL mirror.</summary>
public sealed class PostgresSmallThrottleFixture : SmallThrottleFixture
{
    protected override string Provider => MirrorDialect.PostgresProvider;
}

public abstract class ThrottleWaitTests(SmallThrottleFixture fixture)
{
    [Fact]
    public async Task A_write_during_a_throttle_block_waits_and_succeeds_without_a_call_while_throttled()
    {
        Assert.NotNull(await fixture.GetAsync("/odata/Company"));
        await fixture.ExhaustHarvestAsync();
        // The gate learns of the block as it would from any 429 it sees (Retry-After = the window).
        fixture.Gate.Throttle(TimeSpan.FromSeconds(2));
        long whileThrottled = fixture.Counters.CallsWhileThrottled;
        long throttledAnswers = fixture.Counters.ThrottledAnswers;

        using var created = await fixture.PostAsync("/odata/Clients", fixture.Sandbox.Administrator, """{"Name":"Patient Ltd"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Single(fixture.Sandbox.Data.Rows("clients"), c => (string?)c["name"] == "Patient Ltd");
        Assert.Equal(0, fixture.Counters.CallsWhileThrottled - whileThrottled);
        Assert.Equal(throttledAnswers, fixture.Counters.ThrottledAnswers);
        Assert.Equal(0, fixture.Counters.CallsWhileThrottled);
    }
}

public class ShortPatienceFixture : SmallThrottleFixture
{
    protected override Dictionary<string, string?> Settings() => new() { ["OData:Writes:ThrottleWaitSeconds"] = "1" };
}

/// <summary>The same fixture over a PostgreSQL mirror.</summary>
public sealed class PostgresShortPatienceFixture : ShortPatienceFixture
{
    protected override string Provider => MirrorDialect.PostgresProvider;
}

public abstract class ThrottleBoundTests(ShortPatienceFixture fixture)
{
    [Fact]
    public async Task A_throttle_block_longer_than_the_bound_is_answered_503_with_Retry_After_and_nothing_sent()
    {
        Assert.NotNull(await fixture.GetAsync("/odata/Company"));
        fixture.Gate.Throttle(TimeSpan.FromSeconds(30));
        long calls = fixture.Counters.Calls;

        using var refused = await fixture.PostAsync("/odata/Clients", fixture.Sandbox.Administrator, """{"Name":"Impatient Ltd"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(25), refused.Headers.RetryAfter?.ToString());
        Assert.Equal(calls, fixture.Counters.Calls);
        Assert.DoesNotContain(fixture.Sandbox.Data.Rows("clients"), c => (string?)c["name"] == "Impatient Ltd");
    }
}

public sealed class ThrottleWaitTestsOnSqlite(SmallThrottleFixture fixture) : ThrottleWaitTests(fixture), IClassFixture<SmallThrottleFixture>;

public sealed class ThrottleWaitTestsOnPostgres(PostgresSmallThrottleFixture fixture) : ThrottleWaitTests(fixture), IClassFixture<PostgresSmallThrottleFixture>;

public sealed class ThrottleBoundTestsOnSqlite(ShortPatienceFixture fixture) : ThrottleBoundTests(fixture), IClassFixture<ShortPatienceFixture>;

public sealed class ThrottleBoundTestsOnPostgres(PostgresShortPatienceFixture fixture) : ThrottleBoundTests(fixture), IClassFixture<PostgresShortPatienceFixture>;
