using HarvestOData.Harvest;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Mirror.Tests.Support;

/// <summary>
/// A small sandbox (3,000 time entries, a throttle of 100 calls per half second), a Harvest client through the shared rate
/// gate, and the mirror in a temp folder, wired as the server wires them. Disposing checks the throttle was
/// respected: every test that mirrors asserts 0 calls over the limit and 0 calls while throttled.
/// </summary>
public sealed class MirrorHarness : IAsyncDisposable
{
    public const int RateLimitRequests = 100;
    public const double RateLimitWindowSeconds = 0.5;

    private readonly TempFolder _folder;

    private MirrorHarness(HarvestSandbox sandbox, TempFolder folder, IReadOnlyDictionary<string, string?>? settings, string provider)
    {
        Sandbox = sandbox;
        _folder = folder;
        var all = Settings(sandbox, folder, settings);
        if (provider == MirrorDialect.PostgresProvider)
        {
            all["Mirror:Provider"] = provider;
            all["Mirror:ConnectionString"] = TestStore.ConnectionString(provider, folder);
        }
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHarvestClient(Configuration, _ => sandbox.CreateHandler());
        services.AddMirror(Configuration);
        Services = services.BuildServiceProvider();
    }

    public HarvestSandbox Sandbox { get; }

    public IConfiguration Configuration { get; }

    public ServiceProvider Services { get; }

    public string Folder => _folder.Path;

    public MirrorDatabase Database => Services.GetRequiredService<MirrorDatabase>();

    public SyncPass Pass => Services.GetRequiredService<SyncPass>();

    public ReconcilePass Reconcile => Services.GetRequiredService<ReconcilePass>();

    public SyncRun Run => Services.GetRequiredService<SyncRun>();

    public SyncStateStore States => Services.GetRequiredService<SyncStateStore>();

    public MirrorReader Reader => Services.GetRequiredService<MirrorReader>();

    public static SandboxOptions SmallAccount(int timeEntries = 3_000, ThrottleMode throttle = ThrottleMode.TooManyRequests429) => new()
    {
        Seed = 7,
        TimeEntries = timeEntries,
        RateLimitRequests = RateLimitRequests,
        RateLimitWindowSeconds = RateLimitWindowSeconds,
        Throttle = throttle,
    };

    /// <summary>A harness whose mirror is on <paramref name="provider"/> (a temp file, or a fresh PostgreSQL database).</summary>
    public static async Task<MirrorHarness> CreateAsync(SandboxOptions? options = null, IReadOnlyDictionary<string, string?>? settings = null,
        string provider = MirrorDialect.SqliteProvider)
    {
        var harness = new MirrorHarness(new HarvestSandbox(options ?? SmallAccount()), new TempFolder(), settings, provider);
        await harness.Services.GetRequiredService<MirrorSchema>().EnsureCreatedAsync();
        return harness;
    }

    /// <summary>
    /// A second runner on the same mirror file and sandbox: its own client, engine and leases, but the same account's
    /// rate gate (the gate is per account; two gates on one account would overrun Harvest's limit together).
    /// </summary>
    public ServiceProvider SecondRunner()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(Services.GetRequiredService<RateGateRegistry>());
        services.AddHarvestClient(Configuration, _ => Sandbox.CreateHandler());
        services.AddMirror(Configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Incremental pass and deletion check of every resource, then the cheap verification.</summary>
    public Task<SyncRunReport> SyncAllAsync(bool reconcile = true, CancellationToken cancellationToken = default) =>
        Run.RunAsync(new SyncRunRequest { Reconcile = reconcile, Verify = reconcile, Attempts = 1 }, null, cancellationToken);

    public IHarvestClient Client => Services.GetRequiredService<IHarvestClient>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _folder.Dispose();
        SandboxAssert.ThrottleRespected(Sandbox);
    }

    /// <summary>The configuration a host needs to mirror <paramref name="sandbox"/> into <paramref name="folder"/>.</summary>
    public static Dictionary<string, string?> Settings(HarvestSandbox sandbox, TempFolder folder, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Harvest:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["Harvest:AccountId"] = sandbox.AccountId,
            ["Harvest:Token"] = sandbox.Administrator.Token,
            ["Harvest:RateLimit:Requests"] = sandbox.Options.RateLimitRequests.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Harvest:RateLimit:WindowSeconds"] = sandbox.Options.RateLimitWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Harvest:RateLimit:MarginSeconds"] = "0.05",
            ["Harvest:Retry:BaseDelaySeconds"] = "0.05",
            ["Harvest:Retry:MaxDelaySeconds"] = "0.5",
            ["Mirror:ConnectionString"] = $"Data Source={folder.File("harvest.db")}",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        return settings;
    }
}
