using System.Diagnostics;
using HarvestOData.Harvest;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Bench.OData;

/// <summary>
/// The benchmark's mirror: the sandbox generator's account mirrored by the real sync engine (in-process handler,
/// throttle raised to the sandbox's maximum), so the file is exactly what production code writes, checkpoints included.
/// </summary>
public static class MirrorBuilder
{
    public static ServiceProvider Services(HarvestSandbox sandbox, string mirrorPath) =>
        Services(sandbox, MirrorDialect.SqliteProvider, $"Data Source={mirrorPath}");

    public static ServiceProvider Services(HarvestSandbox sandbox, string provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(BenchAccount.Settings(sandbox, sandbox.BaseAddress, provider, connectionString).Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHarvestClient(configuration, _ => sandbox.CreateHandler());
        services.AddMirror(configuration);
        return services.BuildServiceProvider();
    }

    public static Task<TimeSpan> BuildAsync(HarvestSandbox sandbox, string mirrorPath, TextWriter log)
    {
        foreach (string file in new[] { mirrorPath, mirrorPath + "-wal", mirrorPath + "-shm" })
            File.Delete(file);
        return BuildAsync(sandbox, MirrorDialect.SqliteProvider, $"Data Source={mirrorPath}", log);
    }

    /// <summary>Mirrors <paramref name="sandbox"/> into an empty database of <paramref name="provider"/>.</summary>
    public static async Task<TimeSpan> BuildAsync(HarvestSandbox sandbox, string provider, string connectionString, TextWriter log)
    {
        await using var services = Services(sandbox, provider, connectionString);
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<MirrorSchema>().EnsureCreatedAsync();
        var report = await services.GetRequiredService<SyncRun>().RunAsync(new SyncRunRequest { Reconcile = false, Verify = false });
        if (!report.Succeeded)
            throw new InvalidOperationException("The bench mirror did not sync: " + string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => p.Error)));
        await log.WriteLineAsync($"  {provider} mirror built by the sync engine in {clock.Elapsed.TotalSeconds:F1} s");
        return clock.Elapsed;
    }
}
