using System.Globalization;
using HarvestOData.Harvest;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Cli;

/// <summary>
/// <c>sync --once [--resource NAME]</c>: brings every resource (or one) up to date once — incremental pass and
/// deletion check — with a progress display and a summary table. Exit 0 when the mirror matches Harvest as far as the
/// final verification checked (it says what it compared: ids, or only counts); 1 otherwise, with one line saying why,
/// also when Harvest fails during the verification or holds the account longer than <c>--max-wait</c>.
/// </summary>
public static class SyncOnceCommand
{
    public const int Differs = 1;

    /// <summary>Holds at least this long are announced on the console with the time the run resumes.</summary>
    public static readonly TimeSpan AnnouncedWait = TimeSpan.FromSeconds(5);

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
        await output.WriteLineAsync($"Mirroring {(command.Resource ?? "every resource")} from {harvest.BaseUrl} into {database.Location}");

        // Harvest may hold the account for a long time (Retry-After): say until when, and stop past --max-wait.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var time = services.GetRequiredService<TimeProvider>();
        string? stoppedBecause = null;
        void OnHeld(DateTimeOffset until, TimeSpan wait)
        {
            if (wait < AnnouncedWait)
                return;
            // The gate calls this under its lock: write and cancel from the thread pool.
            string resumes = until.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
            if (command.MaxWait is { } max && wait > max)
            {
                Interlocked.CompareExchange(ref stoppedBecause,
                    $"error: Harvest asked to wait {Describe(wait)} (until {resumes}), longer than --max-wait {Describe(max)}; stopped. Run again after {resumes}.", null);
                ThreadPool.QueueUserWorkItem(_ => run.Cancel());
            }
            else
            {
                ThreadPool.QueueUserWorkItem(_ => output.WriteLine($"Harvest asked to wait {Describe(wait)}: resuming at {resumes}."));
            }
        }
        var waits = services.GetService<ThrottleWaits>();
        if (waits is not null)
            waits.Held += OnHeld;
        try
        {
            return await SyncAsync(services, command, resources, harvest, output, error, interactive, time, run.Token);
        }
        catch (OperationCanceledException) when (stoppedBecause is not null)
        {
            await error.WriteLineAsync(stoppedBecause);
            return Differs;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever Harvest answers (an error, a record of the wrong type), the command ends with one line, not a stack trace.
            await error.WriteLineAsync($"error: {SyncPass.Describe(e)}");
            return Differs;
        }
        finally
        {
            if (waits is not null)
                waits.Held -= OnHeld;
        }
    }

    private static async Task<int> SyncAsync(IServiceProvider services, ServerCommand command, List<ResourceDefinition> resources, HarvestOptions harvest,
        TextWriter output, TextWriter error, bool interactive, TimeProvider time, CancellationToken cancellationToken)
    {
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

        var progress = new ConsoleProgress(output, interactive, time, resources.Select(r => r.Name));
        var report = await services.GetRequiredService<SyncRun>().RunAsync(
            new SyncRunRequest { Resources = resources.Select(r => r.Name).ToList() }, progress, cancellationToken);
        progress.Flush();
        SummaryTable.Write(output, report);
        if (report.Succeeded)
        {
            await output.WriteLineAsync(Verdict(report));
            return 0;
        }
        var failed = report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource} ({p.Error})")
            .Concat(report.Verifications.Where(v => !v.Matches).Select(v => $"{v.Resource} ({v.Note})"));
        await error.WriteLineAsync($"error: the mirror does not equal Harvest: {string.Join("; ", failed)}.");
        return Differs;
    }

    /// <summary>
    /// What a successful run may claim: "equals" only when every resource's ids were compared with Harvest's; otherwise
    /// what was compared and what was not.
    /// </summary>
    internal static string Verdict(SyncRunReport report)
    {
        if (report.Verifications.Count > 0 && report.Verifications.All(v => v.IdsCompared))
            return "The mirror equals Harvest: every resource's ids compared.";
        var ids = report.Verifications.Where(v => v.IdsCompared).Select(v => v.Resource).ToList();
        var counts = report.Verifications.Where(v => !v.IdsCompared && v.Harvest is not null).Select(v => v.Resource).ToList();
        var unverified = report.Verifications.Where(v => !v.IdsCompared && v.Harvest is null).Select(v => v.Resource).ToList();
        var parts = new List<string>();
        if (ids.Count > 0)
            parts.Add($"ids equal Harvest's for {ids.Count} resources");
        if (counts.Count > 0)
            parts.Add($"row counts equal Harvest's for {string.Join(", ", counts)} (ids not all compared)");
        if (unverified.Count > 0)
            parts.Add($"{string.Join(", ", unverified)} not compared (every changed parent's list was read)");
        return parts.Count == 0
            ? "The mirror was not compared with Harvest."
            : $"The mirror matches Harvest as far as checked: {string.Join("; ", parts)}.";
    }

    private static string Describe(TimeSpan wait) =>
        wait >= TimeSpan.FromHours(1) ? $"{wait.TotalHours:0.#} h"
        : wait >= TimeSpan.FromMinutes(1) ? $"{wait.TotalMinutes:0.#} min"
        : $"{wait.TotalSeconds:0.#} s";
}
