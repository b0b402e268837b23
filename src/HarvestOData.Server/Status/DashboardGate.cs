using Hangfire.Annotations;
using Hangfire.Dashboard;
using HarvestOData.Server.Auth;

namespace HarvestOData.Server.Status;

/// <summary>
/// The dashboard's door is the status page's: <see cref="AdminGate"/> (a Harvest administrator's token, Basic or
/// Bearer). Every dashboard URL passes here, its scripts and styles included. A refusal is written by the gate (401
/// with a Basic challenge, 403, 503 when Harvest cannot confirm the token); Hangfire leaves a started response alone.
/// </summary>
internal sealed class DashboardGate : IDashboardAsyncAuthorizationFilter
{
    private static readonly object CallerKey = new();

    public async Task<bool> AuthorizeAsync([NotNull] DashboardContext context)
    {
        var http = context.GetHttpContext();
        var gate = http.RequestServices.GetRequiredService<AdminGate>();
        bool html = HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        var caller = await gate.AuthorizeAsync(http, html, http.RequestAborted);
        if (caller is null)
            return false;
        http.Items[CallerKey] = caller;
        return true;
    }

    /// <summary>Whether the request came through as an administrator: anyone else (should the door ever widen) only looks.</summary>
    public static bool IsAdministrator(DashboardContext context) =>
        context.GetHttpContext().Items[CallerKey] is Caller { IsAdministrator: true };
}
