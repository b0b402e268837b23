using Hangfire.Annotations;
using Hangfire.Dashboard;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.Status;

/// <summary>
/// Hangfire's own door, behind the endpoint's administrator policy (<c>JobDashboard</c>): it admits the request the
/// server's authentication has already established as an administrator (<c>HttpContext.User</c>'s role claim) and
/// nobody else, so the dashboard stays closed even if it were ever mapped without the policy.
/// </summary>
internal sealed class DashboardGate : IDashboardAuthorizationFilter
{
    public bool Authorize([NotNull] DashboardContext context) => IsAdministrator(context);

    /// <summary>Whether the request came through as an administrator: anyone else (should the door ever widen) only looks.</summary>
    public static bool IsAdministrator(DashboardContext context) =>
        context.GetHttpContext().User.IsInRole(UserPermissions.Administrator);
}
