using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Server.Cli;

// HarvestOData.Server: `serve` (default) mirrors Harvest on a schedule and serves OData and the status page;
// `sync --once` mirrors once and exits; `status` prints the mirror's state; `--help` lists commands and settings.
// Every other argument is configuration (--Section:Key=value): `--help` and README.md list the settings; the defaults
// are the options classes' initial values (Cli/SettingsHelp.cs reads them from there).
return await StartupErrors.ReportAsync(Console.Error, async () =>
{
    var command = ServerCommand.Parse(args);
    if (command.Verb == CommandVerb.Help)
    {
        await Console.Out.WriteLineAsync(ServerCommand.Help);
        return 0;
    }
    var builder = ServerHost.CreateBuilder(command);                 // Harvest:* (or sandbox mode), Mirror:*, Sync:*, logging
    if (command.IsSyncOnce)
        return await SyncOnceCommand.RunAsync(builder, command, Console.Out, Console.Error, !Console.IsOutputRedirected);
    if (command.Verb == CommandVerb.Status)
        return await StatusCommand.RunAsync(builder, command, Console.Out, Console.Error, CancellationToken.None);

    builder.Services.AddMirrorJobs(builder.Configuration);           // recurring passes and deletion checks on Hangfire (Mirror/Jobs)
    builder.AddODataEndpoint();                                      // OData:*: the read endpoint (src/HarvestOData.Server/OData)
    builder.AddODataWrites();                                        // OData:Writes:*: write-back, bound actions, $batch (OData/Writes)
    builder.AddStatusPage();                                         // after AddMirrorJobs: it taps the jobs' progress (Status/)
    builder.Services.AddHarvestAuthentication();                     // one scheme for /odata, the status page and /hangfire (Auth/)
    var app = builder.Build();
    HarvestConnection.PrintSandboxBanner(app, Console.Out);
    app.UseRequestLog();                                             // one line per request, no secrets (Logging/)
    app.UseODataProtocolGate();                                      // /odata: raw + kept a plus, OData version headers, $batch POST only (OData/Protocol)
    app.UseAuthentication();                                         // the one Harvest token check for every surface (Auth/)
    app.UseAuthorization();                                          // endpoint policies: any known caller on /odata, administrators on the rest
    app.MapODataEndpoint();                                          // /odata: AspNetCoreOData routing; reads, writes, $batch
    app.MapStatusPage();                                             // /, /status, /status/sync/{resource}, /healthz
    app.MapConnectorDownload();                                      // /connector/HarvestOData.mez
    await app.RunAsync();
    return 0;
});

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the end-to-end tests.</summary>
public partial class Program;
