using System.Net;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Server.Logging;
using HarvestOData.Server.Status.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.Status.Tests;

/// <summary>Readiness and the request log on a bare host: the status services over an empty mirror, no sync, no Harvest.</summary>
public sealed class HealthAndRequestLogTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly LogCapture _logs = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Mirror:ConnectionString"] = $"Data Source={_folder.File("harvest.db")}";
        builder.Logging.ClearProviders().AddProvider(_logs);
        builder.Services.AddMirror(builder.Configuration);
        builder.AddStatusPage();
        _app = builder.Build();
        _app.UseRequestLog();
        _app.MapStatusPage();
        _app.MapGet("/rows", (HttpContext http) => { ResponseRows.Report(http, 40); ResponseRows.Report(http, 2); return "ok"; });
        _app.MapGet("/boom", (HttpContext _) => throw new InvalidOperationException("boom"));
        await _app.StartAsync();
        _http = _app.GetTestClient();
    }

    [Fact]
    public async Task Readiness_is_503_listing_the_resources_whose_first_pass_has_not_finished_then_200()
    {
        using var before = await _http.GetAsync("/healthz/ready");
        using var live = await _http.GetAsync("/healthz/live");
        var waiting = Resources(await before.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(EntityCatalog.Fetched.Select(r => r.Name), waiting);

        await MarkSyncedAsync(EntityCatalog.Fetched.Select(r => r.Name).Where(n => n != "time_entries"));
        using var almost = await _http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, almost.StatusCode);
        Assert.Equal(["time_entries"], Resources(await almost.Content.ReadAsStringAsync()));

        await MarkSyncedAsync(["time_entries"]);
        using var ready = await _http.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Every_request_is_one_line_with_status_duration_and_the_rows_the_endpoint_reported()
    {
        using var rows = await _http.GetAsync("/rows?$top=2");
        await Assert.ThrowsAnyAsync<Exception>(() => _http.GetAsync("/boom"));

        var lines = _logs.Lines(RequestLog.Category).ToList();
        Assert.Contains(lines, l => l.StartsWith("request id=", StringComparison.Ordinal) && l.Contains("method=GET path=/rows query=$top=2 status=200 ms=", StringComparison.Ordinal) && l.Contains(" rows=42 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("path=/boom query=- status=500", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    private async Task MarkSyncedAsync(IEnumerable<string> resources)
    {
        var database = _app.Services.GetRequiredService<MirrorDatabase>();
        foreach (string resource in resources)
        {
            await database.WriteAsync((c, t) => SyncStateStore.UpdateAsync(c, t, resource, CancellationToken.None,
                SyncStateColumns.LastSuccessAt.Set(DateTimeOffset.UtcNow)));
        }
    }

    private static List<string?> Resources(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("resources").EnumerateArray().Select(e => e.GetString()).ToList();
    }
}
