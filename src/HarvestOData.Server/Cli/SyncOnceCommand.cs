using HarvestOData.Harvest;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Cli;

/// <summary>
/// <c>sync --once [--resource NAME]</c>: brings every resource (or one) up to date once — incremental pass and
/// deletion check — with a progress display and a summary table. Exit 0 when the mirror equals Harvest (row counts
/// equal <c>total_entries</c> and the deletion check left nothing); 1 otherwise, with the reason.
/// </summary>
public static class SyncOnceCommand
{
    public const int Differs = 1;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, ServerCommand command, TextWriter output, TextWriter error, bool interactive)
    {
        await using var host = builder.Build();
        using var stop = ConsoleCancellation.Create();
        return await RunAsync(host.Services, command, output, error, interactive, stop.Token);
    }

    public static async Task<int> RunAsync(IServiceProvider services, ServerCommand command, TextWriter output, TextWriter error,
        bool interactive, CancellationToken cancellationToken)
    {
        List<ResourceDefinition> resources;
        try
        {
            resources = SyncRun.Resolve(command.Resource is null ? null : [command.Resource]);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return StartupErrors.BadCommandLine;
        }
        var harvest = services.GetRequiredService<IOptions<HarvestOptions>>().Value;   // validates Harvest:* (names the key)
        await services.GetRequiredService<MirrorSchema>().EnsureCreatedAsync(cancellationToken);
        var database = services.GetRequiredService<MirrorDatabase>();
        await output.WriteLineAsync($"Mirroring {(command.Resource ?? "every resource")} from {harvest.BaseUrl} into {database.FilePath}");

        // One cheap call first, so an unreachable Harvest or a refused token is one clear line, not twenty failures.
        try
        {
            await services.GetRequiredService<IHarvestClient>().GetCompanyAsync(RequestPriority.Background, cancellationToken);
        }
        catch (Exception e) when (e is HarvestApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: {SyncPass.Describe(e)} (Harvest:BaseUrl is {harvest.BaseUrl}).");
            return Differs;
        }

        var progress = new ConsoleProgress(output, interactive, services.GetRequiredService<TimeProvider>(), resources.Select(r => r.Name));
        var report = await services.GetRequiredService<SyncRun>().RunAsync(
            new SyncRunRequest { Resources = resources.Select(r => r.Name).ToList() }, progress, cancellationToken);
        progress.Flush();
        SummaryTable.Write(output, report);
        if (report.Succeeded)
        {
            await output.WriteLineAsync("The mirror equals Harvest.");
            return 0;
        }
        var failed = report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource} ({p.Error})")
            .Concat(report.Verifications.Where(v => !v.Matches).Select(v => $"{v.Resource} ({v.Note})"));
        await error.WriteLineAsync($"error: the mirror does not equal Harvest: {string.Join("; ", failed)}.");
        return Differs;
    }
}
