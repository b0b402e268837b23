using Hangfire;
using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Server.Auth;
using HarvestOData.Server.Status;

// In ASP.NET Core's namespace, as AddX/MapX extensions customarily are (see StatusEndpoints).
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Hangfire's dashboard at <c>/hangfire</c>, for the operators who know it from other services: the recurring jobs,
/// what ran, what failed and why, "Trigger now". Served from Hangfire's assembly (no CDN). Same door as the status
/// page (the administrator policy, <see cref="HarvestAuthentication"/>; <see cref="DashboardGate"/> inside); its POSTs need the antiforgery token the dashboard's own script sends, so a
/// browser that remembers an administrator's Basic credentials cannot be made to trigger jobs from another site.
/// </summary>
public static class JobDashboard
{
    public const string Path = "/hangfire";

    /// <summary>Registers what the dashboard needs besides Hangfire itself: antiforgery (Hangfire validates every dashboard POST once it is registered).</summary>
    public static IServiceCollection AddJobDashboard(this IServiceCollection services)
    {
        services.AddAntiforgery();
        return services;
    }

    /// <summary>Maps the dashboard when this server runs the jobs (<c>AddMirrorJobs</c>); otherwise there is nothing to show.</summary>
    public static IEndpointRouteBuilder MapJobDashboard(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<MirrorScheduler>() is null)
            return endpoints;
        endpoints.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "HarvestOData jobs",
            // "Back to site" leads to the status page, which shows what the dashboard cannot: rows, freshness, throttle, deletions.
            AppPath = "/",
            Authorization = [new DashboardGate()],
            AsyncAuthorization = [],
            IsReadOnlyFunc = context => !DashboardGate.IsAdministrator(context),
            DisplayStorageConnectionString = false,
        })
            // Every dashboard URL, its scripts and styles included: the status page's policy, refusals HTML to a page load.
            .RequireAuthorization(HarvestAuthentication.AdministratorPolicy)
            .WithMetadata(RefusalFormat.HtmlForBrowsers);
        return endpoints;
    }
}
