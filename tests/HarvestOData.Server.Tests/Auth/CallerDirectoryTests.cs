using System.Net;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Server.Auth;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.Auth;

public sealed class CallerDirectoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountingClients _clients = new();

    [Fact]
    public async Task A_confirmed_token_is_asked_once_until_the_cache_expires()
    {
        var directory = new CallerDirectory(_clients, _time);
        var first = await directory.FindAsync("1", "good-manager", CancellationToken.None);
        await directory.FindAsync("1", "good-manager", CancellationToken.None);
        Assert.Equal(1, _clients.Calls);
        Assert.Equal(7, first!.UserId);
        Assert.Equal(Audience.Manager, first.Audience);
        Assert.True(first.Has("billable_rates_manager"));
        // Both sides of the expiry: still cached a second before it, asked again after it.
        _time.Advance(CallerDirectory.KnownFor - TimeSpan.FromSeconds(1));
        await directory.FindAsync("1", "good-manager", CancellationToken.None);
        Assert.Equal(1, _clients.Calls);
        _time.Advance(CallerDirectory.KnownFor + TimeSpan.FromSeconds(1));
        await directory.FindAsync("1", "good-manager", CancellationToken.None);
        Assert.Equal(2, _clients.Calls);
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_call()
    {
        var directory = new CallerDirectory(_clients, _time);
        _clients.Gate = new TaskCompletionSource();
        var lookups = Enumerable.Range(0, 10).Select(_ => directory.FindAsync("1", "good-manager", CancellationToken.None)).ToList();
        _clients.Gate.SetResult();
        await Task.WhenAll(lookups);
        Assert.Equal(1, _clients.Calls);
    }

    [Fact]
    public async Task A_refused_token_stays_refused_briefly()
    {
        var directory = new CallerDirectory(_clients, _time);
        Assert.Null(await directory.FindAsync("1", "bad", CancellationToken.None));
        Assert.Null(await directory.FindAsync("1", "bad", CancellationToken.None));
        Assert.Equal(1, _clients.Calls);
        _time.Advance(CallerDirectory.RefusedFor + TimeSpan.FromSeconds(1));
        Assert.Null(await directory.FindAsync("1", "bad", CancellationToken.None));
        Assert.Equal(2, _clients.Calls);
    }

    [Fact]
    public async Task Harvest_being_unavailable_is_not_a_refusal_and_is_not_cached()
    {
        var directory = new CallerDirectory(_clients, _time);
        await Assert.ThrowsAsync<HarvestUnavailableException>(() => directory.FindAsync("1", "down", CancellationToken.None));
        await Assert.ThrowsAsync<HarvestUnavailableException>(() => directory.FindAsync("1", "down", CancellationToken.None));
        Assert.Equal(2, _clients.Calls);
    }

    [Fact]
    public async Task A_lookup_whose_requesters_all_left_is_cancelled_and_the_next_request_asks_afresh()
    {
        var directory = new CallerDirectory(_clients, _time);
        _clients.Gate = new TaskCompletionSource();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var a = directory.FindAsync("1", "good-manager", first.Token);
        var b = directory.FindAsync("1", "good-manager", second.Token);

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        Assert.Equal(0, _clients.Cancelled); // one requester still waits for it
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        Assert.Equal(1, _clients.Cancelled); // nobody waits: in the gate it would never be sent

        _clients.Gate = null;
        Assert.Equal(7, (await directory.FindAsync("1", "good-manager", CancellationToken.None))!.UserId);
        Assert.Equal(2, _clients.Calls);
    }

    [Fact]
    public async Task A_token_harvest_refuses_on_any_call_is_forgotten_at_once()
    {
        var refusals = new TokenRefusals();
        var directory = new CallerDirectory(_clients, _time, refusals);
        Assert.NotNull(await directory.FindAsync("1", "good-manager", CancellationToken.None));
        Assert.True(directory.IsConfirmed("1", "good-manager"));

        refusals.Report(new HarvestCredential("1", "good-manager")); // e.g. a write with this token answered 401

        Assert.False(directory.IsConfirmed("1", "good-manager"));
        await directory.FindAsync("1", "good-manager", CancellationToken.None);
        Assert.Equal(2, _clients.Calls);
    }

    [Fact]
    public void Callers_without_access_roles_are_members()
    {
        var me = new HarvestRecord(EntityCatalog.Get("users")) { ["id"] = 5L, ["access_roles"] = null };
        Assert.Equal(Audience.Member, Caller.FromUser(me).Audience);
    }

    private sealed class CountingClients : IHarvestClientFactory
    {
        private int _calls;
        private int _cancelled;

        public int Calls => _calls;

        public int Cancelled => _cancelled;

        public TaskCompletionSource? Gate { get; set; }

        public IHarvestClient Create(HarvestCredential credential) => new Client(this, credential);

        private sealed class Client(CountingClients owner, HarvestCredential credential) : IHarvestClient
        {
            public HarvestCredential Credential => credential;

            public async Task<HarvestRecord> GetMeAsync(RequestPriority priority = RequestPriority.Interactive, CancellationToken cancellationToken = default)
            {
                Assert.Equal(RequestPriority.Interactive, priority);
                Interlocked.Increment(ref owner._calls);
                if (owner.Gate is not null)
                {
                    try
                    {
                        await owner.Gate.Task.WaitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref owner._cancelled);
                        throw;
                    }
                }
                return credential.Token switch
                {
                    "good-manager" => new HarvestRecord(EntityCatalog.Get("users")) { ["id"] = 7L, ["access_roles"] = "manager, billable_rates_manager" },
                    "down" => throw new HarvestApiException(HttpStatusCode.ServiceUnavailable, "down"),
                    _ => throw new HarvestApiException(HttpStatusCode.Unauthorized, "no"),
                };
            }

            public IAsyncEnumerable<HarvestPage> ListAsync(ResourceDefinition resource, ListQuery query, RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<HarvestPage> FirstPageAsync(ResourceDefinition resource, ListQuery query, RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<HarvestRecord> GetCompanyAsync(RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<HarvestRecord?> GetAsync(ResourceDefinition resource, long id, long? parentId = null, RequestPriority priority = RequestPriority.Interactive, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<HarvestRecord> CreateAsync(ResourceDefinition resource, JsonObject body, IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<HarvestRecord> UpdateAsync(ResourceDefinition resource, long id, JsonObject body, IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task DeleteAsync(ResourceDefinition resource, long id, IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

            public Task<HarvestRecord> InvokeAsync(ResourceDefinition resource, string action, long id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        }
    }
}
