using System.Text.Json;
using HarvestOData.Harvest;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Server.Auth;
using HarvestOData.Server.Logging;
using HarvestOData.Server.Status;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In ASP.NET Core's namespace, as AddX/MapX extensions customarily are: Program.cs wires the page with one line each.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The operator's pages: <c>GET /</c> (the status page, administrators), <c>GET /status</c> (the same as JSON),
/// <c>POST /status/sync/{resource}</c> ("sync now", which triggers the resource's recurring Hangfire job), Hangfire's
/// dashboard at <c>/hangfire</c> (<see cref="JobDashboard"/>), and <c>/healthz</c>, <c>/healthz/live</c>, <c>/healthz/ready</c>
/// (no authentication). The operator's pages require the administrator policy of the server's one authentication
/// (<see cref="HarvestAuthentication"/>): 401 with a Basic challenge so a browser prompts, 403 for other roles; refusals
/// are HTML for the page and JSON for the API.
/// </summary>
public static class StatusEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Registers the status model's sources. Call after <c>AddMirrorJobs</c>: it taps the jobs' progress reporting. The
    /// pages need the server's authentication too (<c>AddHarvestAuthentication</c>, which needs the Harvest client).
    /// </summary>
    public static WebApplicationBuilder AddStatusPage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LivePasses>();
        services.TryAddSingleton(sp => new ThrottleHistory(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<HarvestOptions>>().Value.RateLimit.WindowSeconds)));
        services.TryAddSingleton<IRateGateObserver>(sp => sp.GetRequiredService<ThrottleHistory>());
        services.TryAddSingleton<StatusReader>();
        services.TryAddSingleton<PassLog>();
        services.AddJobDashboard();
        // The jobs' progress goes through the live view and the one-line-per-pass log.
        ProgressTaps.Add(services, (sp, inner) => sp.GetRequiredService<PassLog>().Tap(sp.GetRequiredService<LivePasses>().Tap(inner)));
        return builder;
    }

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", async (HttpContext http, StatusReader reader) =>
        {
            var report = await reader.ReadAsync(Links(http), http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(StatusPage.Render(report), http.RequestAborted);
        }).RequireAuthorization(HarvestAuthentication.AdministratorPolicy).WithMetadata(RefusalFormat.Html);
        endpoints.MapGet("/status", async (HttpContext http, StatusReader reader) =>
        {
            var report = await reader.ReadAsync(Links(http), http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.WriteAsJsonAsync(report, Json, http.RequestAborted);
        }).RequireAuthorization(HarvestAuthentication.AdministratorPolicy).WithMetadata(RefusalFormat.Json);
        endpoints.MapPost("/status/sync/{resource}", async (HttpContext http, string resource) =>
        {
            if (IsCrossSite(http.Request))
            {
                // A browser replays cached Basic credentials on another site's form POST; only this page may ask.
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsJsonAsync(new { error = "Cross-site request", message = "Sync now is only accepted from the status page itself." }, Json);
                return;
            }
            await SyncNowAsync(http, resource);
        }).RequireAuthorization(HarvestAuthentication.AdministratorPolicy).WithMetadata(RefusalFormat.Json);
        endpoints.MapJobDashboard();
        endpoints.MapGet("/healthz/live", () => Results.Json(new { status = "live" }));
        endpoints.MapGet("/healthz/ready", Readiness);
        endpoints.MapGet("/healthz", Readiness);
        return endpoints;
    }

    private static async Task SyncNowAsync(HttpContext http, string resource)
    {
        var definition = EntityCatalog.Find(resource);
        if (definition is null || definition.Kind == ResourceKind.Embedded)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsJsonAsync(new { error = "Unknown resource", message = $"'{resource}' is not a resource the mirror syncs." }, Json);
            return;
        }
        var scheduler = http.RequestServices.GetService<MirrorScheduler>();
        if (scheduler is null)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await http.Response.WriteAsJsonAsync(new { error = "No scheduler", message = "This server runs no sync jobs." }, Json);
            return;
        }
        await scheduler.SyncNowAsync(definition.Name, http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        await http.Response.WriteAsJsonAsync(new { resource = definition.Name, triggered = true }, Json);
    }

    private static async Task<IResult> Readiness(StatusReader reader, CancellationToken cancellationToken)
    {
        var waiting = await reader.NotReadyAsync(cancellationToken);
        return waiting.Count == 0
            ? Results.Json(new { status = "ready" })
            : Results.Json(new { status = "not ready", reason = "first full pass not finished", resources = waiting }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// A browser request made by another site: <c>Sec-Fetch-Site</c> says so where the browser sends it; otherwise the
    /// <c>Origin</c> host differs (hosts only, so a TLS-terminating proxy does not matter). Scripts send neither.
    /// </summary>
    private static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site)
            return site is not ("same-origin" or "none");
        return request.Headers.Origin.ToString() is { Length: > 0 } origin
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    private static StatusLinks Links(HttpContext http)
    {
        var request = http.Request;
        string root = $"{request.Scheme}://{request.Host}{request.PathBase}";
        string? jobs = http.RequestServices.GetService<MirrorScheduler>() is null ? null : root + JobDashboard.Path;
        return new StatusLinks(root + "/odata", root + "/odata/$metadata", root + "/connector/HarvestOData.mez", jobs);
    }
}
