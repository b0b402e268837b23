using System.Globalization;
using HarvestOData.Harvest;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Harvest.RateLimiting.Postgres;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using HarvestOData.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Bench.Sync;

/// <summary>
/// A sandbox mirrored with the server's wiring by <c>--nodes</c> nodes: each node its own client, rate gate, leases and
/// runner (its own service provider, as a process of its own has), all on one mirror. On SQLite that is a file in a
/// temporary folder and one node; on PostgreSQL a fresh database of a private cluster, where the nodes also share
/// the throttle's state, as the server's nodes do. The client's throttle matches the sandbox's.
/// </summary>
internal sealed class BenchMirror : IAsyncDisposable
{
    private static readonly RateLimitOptions Defaults = new();

    private readonly List<ServiceProvider> _nodes = [];
    private readonly string _folder;

    private BenchMirror(HarvestSandbox sandbox, string provider, int nodes)
    {
        Sandbox = sandbox;
        _folder = Path.Combine(Path.GetTempPath(), "harvestodata-bench-sync-" + Guid.NewGuid().ToString("N")[..8]);
        bool postgres = provider == MirrorDialect.PostgresProvider;
        string connectionString = postgres
            ? PostgresCluster.Shared.CreateDatabase("bench_sync")
            : $"Data Source={Path.Combine(_folder, "harvest.db")}";
        double window = sandbox.Options.RateLimitWindowSeconds;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harvest:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["Harvest:AccountId"] = sandbox.AccountId,
            ["Harvest:Token"] = sandbox.Administrator.Token,
            ["Harvest:RateLimit:Requests"] = sandbox.Options.RateLimitRequests.ToString(CultureInfo.InvariantCulture),
            ["Harvest:RateLimit:WindowSeconds"] = window.ToString(CultureInfo.InvariantCulture),
            // Harvest's margin and the shared gate's clock-skew allowance at their defaults, shrunk with the window (of
            // Harvest's 15 s), so the bench keeps production's proportions.
            ["Harvest:RateLimit:MarginSeconds"] = (Defaults.MarginSeconds * window / 15).ToString(CultureInfo.InvariantCulture),
            ["Harvest:RateLimit:ClockSkewSeconds"] = (Defaults.ClockSkewSeconds * window / 15).ToString(CultureInfo.InvariantCulture),
            ["Mirror:Provider"] = provider,
            ["Mirror:ConnectionString"] = connectionString,
        }).Build();
        for (int i = 0; i < nodes; i++)
        {
            var services = new ServiceCollection().AddLogging();
            if (postgres)
                services.AddSharedRateGate(connectionString);
            services.AddHarvestClient(configuration, _ => sandbox.CreateHandler());
            services.AddMirror(configuration);
            _nodes.Add(services.BuildServiceProvider());
        }
    }

    public HarvestSandbox Sandbox { get; }

    public int Nodes => _nodes.Count;

    public MirrorReader Reader => _nodes[0].GetRequiredService<MirrorReader>();

    public static Task<BenchMirror> CreateAsync(SandboxOptions options, string provider) => CreateAsync(new HarvestSandbox(options), provider);

    public static async Task<BenchMirror> CreateAsync(HarvestSandbox sandbox, string provider = MirrorDialect.SqliteProvider, int nodes = 1)
    {
        var mirror = new BenchMirror(sandbox, provider, nodes);
        await mirror._nodes[0].GetRequiredService<MirrorSchema>().EnsureCreatedAsync();
        return mirror;
    }

    /// <summary>
    /// Every node runs <paramref name="request"/> at once (<paramref name="everyNode"/>; the worst case of N nodes
    /// starting together on an empty mirror, all after the same quota): each resource's pass runs on the node that takes
    /// its lease and is skipped by the others. Otherwise the first node alone, as the cluster's scheduler enqueues a
    /// recurring pass once per tick. One result per resource: the node's that ran it.
    /// </summary>
    public async Task<SyncRunReport> RunAsync(SyncRunRequest request, bool everyNode = true)
    {
        var nodes = everyNode ? _nodes : _nodes.Take(1);
        var reports = await Task.WhenAll(nodes.Select(n => n.GetRequiredService<SyncRun>().RunAsync(request)));
        var passes = reports.SelectMany(r => r.Passes).GroupBy(p => p.Resource)
            .Select(g => g.FirstOrDefault(p => p.Succeeded) ?? g.FirstOrDefault(p => p.Outcome != PassOutcome.Skipped) ?? g.First())
            .ToList();
        return new SyncRunReport(passes, [.. reports.SelectMany(r => r.Verifications)], reports.Max(r => r.Elapsed));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
