using System.Globalization;
using HarvestOData.Harvest;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Bench.Sync;

/// <summary>A sandbox mirrored into a temporary folder with the server's wiring; the client's throttle matches the sandbox's.</summary>
internal sealed class BenchMirror : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _folder;

    private BenchMirror(HarvestSandbox sandbox)
    {
        Sandbox = sandbox;
        _folder = Path.Combine(Path.GetTempPath(), "harvestodata-bench-sync-" + Guid.NewGuid().ToString("N")[..8]);
        double window = sandbox.Options.RateLimitWindowSeconds;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harvest:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["Harvest:AccountId"] = sandbox.AccountId,
            ["Harvest:Token"] = sandbox.Administrator.Token,
            ["Harvest:RateLimit:Requests"] = sandbox.Options.RateLimitRequests.ToString(CultureInfo.InvariantCulture),
            ["Harvest:RateLimit:WindowSeconds"] = window.ToString(CultureInfo.InvariantCulture),
            // Harvest's margin (0.25 s of 15 s) shrunk with the window, so the bench keeps production's proportions.
            ["Harvest:RateLimit:MarginSeconds"] = (0.25 * window / 15).ToString(CultureInfo.InvariantCulture),
            ["Mirror:ConnectionString"] = $"Data Source={Path.Combine(_folder, "harvest.db")}",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHarvestClient(configuration, _ => sandbox.CreateHandler());
        services.AddMirror(configuration);
        _provider = services.BuildServiceProvider();
    }

    public HarvestSandbox Sandbox { get; }

    public SyncRun Run => _provider.GetRequiredService<SyncRun>();

    public MirrorReader Reader => _provider.GetRequiredService<MirrorReader>();

    public static Task<BenchMirror> CreateAsync(SandboxOptions options) => CreateAsync(new HarvestSandbox(options));

    public static async Task<BenchMirror> CreateAsync(HarvestSandbox sandbox)
    {
        var mirror = new BenchMirror(sandbox);
        await mirror._provider.GetRequiredService<MirrorSchema>().EnsureCreatedAsync();
        return mirror;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
