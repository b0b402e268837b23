using HarvestOData.Harvest;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Jobs.Quartz;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using HarvestOData.Sandbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HarvestOData.Mirror.Tests.Jobs;

public sealed class QuartzWiringTests
{
    [Fact]
    public async Task The_real_scheduler_on_a_temporary_SQLite_file_fires_every_resources_jobs_and_fills_the_mirror()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount());
        using var folder = new TempFolder();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(MirrorHarness.Settings(sandbox, folder, new Dictionary<string, string?>
        {
            ["Sync:Interval"] = "00:00:01",
            ["Sync:ReconcileInterval"] = "00:00:02",
        }));
        builder.Services.AddHarvestClient(builder.Configuration, _ => sandbox.CreateHandler());
        builder.Services.AddMirror(builder.Configuration);
        builder.Services.AddMirrorJobs(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        var states = host.Services.GetRequiredService<SyncStateStore>();
        IReadOnlyList<SyncState> seen = [];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!patience.IsCancellationRequested)
        {
            seen = await states.ReadAllAsync();
            if (seen.All(s => s.LastSuccessAt is not null && s.LastReconcileAt is not null && s.Rows == sandbox.Data.Count(s.Resource)))
                break;
            await Task.Delay(250);
        }
        await host.StopAsync();

        var behind = seen.Where(s => s.LastSuccessAt is null || s.LastReconcileAt is null || s.Rows != sandbox.Data.Count(s.Resource))
            .Select(s => $"{s.Resource} ({s.Rows} rows, success {s.LastSuccessAt}, reconcile {s.LastReconcileAt}, error {s.LastError})");
        Assert.Empty(behind);
        Assert.All(seen, s => Assert.NotNull(s.NextRunAt));
        await SandboxAssert.MirrorEqualsSandbox(host.Services.GetRequiredService<MirrorReader>(), sandbox);
        Assert.True(await SchedulerTables(folder.File(QuartzRegistration.SchedulerFile)) >= 10, "Quartz provisioned its schema in its own file");
        SandboxAssert.ThrottleRespected(sandbox);
    }

    private static async Task<long> SchedulerTables(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'QRTZ%'";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
