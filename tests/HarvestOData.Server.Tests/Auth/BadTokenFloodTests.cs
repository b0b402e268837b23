using System.Net;
using System.Security.Cryptography;
using HarvestOData.Harvest;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace HarvestOData.Server.Tests.Auth;

/// <summary>
/// Many clients sending random Bearer tokens while the sync runs: token checks take at most their share of the account
/// budget, the sync keeps the rest, nothing goes over Harvest's limit or into a block, no check is made for a requester
/// who has gone, and a real new user still gets in. Real time with a shrunken throttle (40 calls per 0.5 s).
/// </summary>
public sealed class BadTokenFloodTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 32;
    private static readonly TimeSpan Flood = TimeSpan.FromSeconds(3);

    private readonly HarvestSandbox _sandbox = new(new SandboxOptions { TimeEntries = 3000, RateLimitRequests = 40, RateLimitWindowSeconds = 0.5 });
    private readonly string _mirror = MirrorFile.NewPath();
    private ServerFactory _factory = null!;
    private long _tokenChecks;
    private long _others;

    public Task InitializeAsync()
    {
        _factory = new ServerFactory(_sandbox, _mirror, 500, new Dictionary<string, string?> { ["Harvest:RateLimit:MarginSeconds"] = "0.1" });
        _ = _factory.Server; // start the host
        _sandbox.BeforeRequest = (request, _) =>
        {
            Interlocked.Increment(ref request.Path == "users/me" ? ref _tokenChecks : ref _others);
            return Task.CompletedTask;
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        MirrorFile.Delete(_mirror);
    }

    [Fact]
    public async Task Random_tokens_from_many_clients_never_take_more_than_the_token_check_share_from_the_sync()
    {
        var services = _factory.Services;
        var sync = services.GetRequiredService<IHarvestClient>();
        var gate = services.GetRequiredService<RateGateRegistry>().For(_sandbox.AccountId);
        double share = services.GetRequiredService<IOptions<HarvestOptions>>().Value.RateLimit.TokenCheckShare;
        using var stopSync = new CancellationTokenSource();
        var syncing = Enumerable.Range(0, 6).Select(_ => SyncLoop(sync, stopSync.Token)).ToList();

        using var stopFlood = new CancellationTokenSource(Flood);
        // Each client keeps four requests going at once.
        var flood = Enumerable.Range(1, Clients).SelectMany(i => Enumerable.Range(0, 4).Select(_ => FloodLoop(IPAddress.Parse($"10.2.0.{i}"), stopFlood.Token))).ToList();
        // The flood is on once token checks queue at the gate (their share is spent): a real user's first request still gets in.
        await WaitUntil(() => Interlocked.Read(ref _tokenChecks) > 0 && gate.Waiting > 0, "the flood never queued a token check");
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var newUser = await Get(IPAddress.Parse("10.3.0.1"), _sandbox.Member.Token, CancellationToken.None);
        output.WriteLine($"flood: a new user got in after {timer.Elapsed.TotalSeconds:0.00} s");
        var refusals = (await Task.WhenAll(flood)).SelectMany(statuses => statuses).ToList();
        long checks = Interlocked.Read(ref _tokenChecks), others = Interlocked.Read(ref _others);
        await stopSync.CancelAsync();
        await Task.WhenAll(syncing);

        Assert.Equal(200, newUser.Response.StatusCode);
        Assert.True(checks > 0, "the flood must have cost token checks");
        double syncShare = (double)others / (others + checks);
        Assert.True(syncShare >= 1 - share - 0.05, $"the sync made {others} calls, token checks {checks}: a share of {syncShare:P0}");
        Assert.Contains(429, refusals); // clients with too many unknown tokens in flight are turned away
        Assert.All(refusals, status => Assert.Contains(status, new[] { 401, 429, 503 }));
        Assert.Equal(0, _sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, _sandbox.Counters.CallsWhileThrottled);
        output.WriteLine($"flood: sync {others} calls, token checks {checks}, answers {string.Join(", ", refusals.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}"))}");

        // Every flooding requester is gone: their checks still queued in the gate are cancelled, none reaches Harvest later.
        await WaitUntil(() => gate.Waiting == 0 && gate.InFlight == 0, "the gate never emptied");
        long settled = Interlocked.Read(ref _tokenChecks);
        // The one real-time wait left: it checks that nothing happens, which no signal can announce. Two of the
        // shrunken windows: a check still queued would have gone by then.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(settled, Interlocked.Read(ref _tokenChecks));
    }

    private async Task<List<int>> FloodLoop(IPAddress address, CancellationToken stop)
    {
        var statuses = new List<int>();
        while (!stop.IsCancellationRequested)
        {
            // Each requester gives up after a quarter second, as an impatient script does.
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(stop);
            patience.CancelAfter(TimeSpan.FromMilliseconds(250));
            try
            {
                var context = await Get(address, "1.pt." + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), patience.Token);
                if (patience.IsCancellationRequested)
                    continue; // aborted: the status is whatever the server had not yet written
                statuses.Add(context.Response.StatusCode);
                if (context.Response.StatusCode == 429)
                    await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // The requester went away.
            }
        }
        return statuses;
    }

    private static async Task SyncLoop(IHarvestClient client, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await foreach (var _ in client.ListAsync(EntityCatalog.Get("time_entries"), new ListQuery { PerPage = 100 }, RequestPriority.Background, stop))
                {
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The pass was stopped.
        }
    }

    private Task<HttpContext> Get(IPAddress address, string token, CancellationToken cancellationToken) =>
        _factory.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/odata/Clients";
            context.Request.Headers.Authorization = "Bearer " + token;
            context.Connection.RemoteIpAddress = address;
        }, cancellationToken);

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(30), $"{what} (hang guard)");
            await Task.Delay(10);
        }
    }
}
