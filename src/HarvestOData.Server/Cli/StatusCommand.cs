using System.Text.Json;
using HarvestOData.Mirror.Store;
using HarvestOData.Server.Status;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HarvestOData.Server.Cli;

/// <summary>
/// <c>status [--json]</c>: the status page's report read straight from the local mirror database (sync state and
/// deletion log), so it works without a running server — a table, or with <c>--json</c> the JSON <c>GET /status</c>
/// serves. Exit 0 when every resource has mirrored and none failed its last pass; 1 otherwise (or without a mirror).
/// </summary>
public static class StatusCommand
{
    public const int NotHealthy = 1;

    private static readonly JsonSerializerOptions Indented = new(StatusEndpoints.Json) { WriteIndented = true };

    public static async Task<int> RunAsync(WebApplicationBuilder builder, ServerCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        builder.Services.TryAddSingleton<StatusReader>();
        await using var host = builder.Build();
        return await RunAsync(host.Services, command, output, error, cancellationToken);
    }

    public static async Task<int> RunAsync(IServiceProvider services, ServerCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<MirrorDatabase>();
        if (database.FilePath is { } file && !File.Exists(file))
        {
            await error.WriteLineAsync($"error: there is no mirror at {file} yet; run 'serve' or 'sync --once' first (or point Mirror:ConnectionString at it).");
            return NotHealthy;
        }
        // Only the database: this process has no running passes and no rate gate of its own.
        var report = await services.GetRequiredService<StatusReader>().ReadAsync(null, cancellationToken);
        if (command.Json)
            await output.WriteLineAsync(JsonSerializer.Serialize(report, Indented));
        else
            StatusTable.Write(output, report);
        return report.Ready && report.Resources.All(r => r.State != "failed") ? 0 : NotHealthy;
    }
}
