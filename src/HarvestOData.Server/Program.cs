using HarvestOData.Mirror.Jobs.Quartz;
using HarvestOData.Server.Cli;

// HarvestOData.Server: `serve` (default) mirrors Harvest on a schedule and serves OData; `sync --once` mirrors once
// and exits. Every other argument is configuration (--Section:Key=value); see appsettings.json and design.md §3.
return await StartupErrors.ReportAsync(Console.Error, async () =>
{
    var command = ServerCommand.Parse(args);
    var builder = ServerHost.CreateBuilder(command);                 // Harvest:* (or sandbox mode), Mirror:*, Sync:*
    if (command.IsSyncOnce)
        return await SyncOnceCommand.RunAsync(builder, command, Console.Out, Console.Error, !Console.IsOutputRedirected);

    builder.Services.AddMirrorJobs(builder.Configuration);           // recurring incremental passes and deletion checks (Quartz)
    builder.AddODataEndpoint();                                      // OData:*: the read endpoint (src/HarvestOData.Server/OData)
    var app = builder.Build();
    HarvestConnection.PrintSandboxBanner(app, Console.Out);
    app.MapODataEndpoint();
    await app.RunAsync();
    return 0;
});

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the end-to-end tests.</summary>
public partial class Program;
