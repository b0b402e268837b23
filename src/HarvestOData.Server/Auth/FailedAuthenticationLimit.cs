using System.Globalization;
using HarvestOData.Harvest;
using HarvestOData.Server.Auth;
using HarvestOData.Server.OData.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// In ASP.NET Core's own namespace, as UseX extensions customarily are, so Program.cs wires it with one line.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Answers 429 with <c>Retry-After</c> to a client that presents an unknown token after too many refused ones (see
/// <see cref="FailedAuthentications"/>), before any endpoint asks Harvest about it; counts every 401 given to a request
/// that carried a token. Runs in front of every endpoint that authenticates (<c>/odata</c>, writes, the status page).
/// </summary>
public static class FailedAuthenticationLimit
{
    public static IApplicationBuilder UseFailedAuthenticationLimit(this IApplicationBuilder app)
    {
        var failures = new FailedAuthentications(app.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System);
        var callers = app.ApplicationServices.GetRequiredService<CallerDirectory>();
        var harvest = app.ApplicationServices.GetRequiredService<IOptions<HarvestOptions>>();
        return app.Use(async (http, next) =>
        {
            string? token = CredentialReader.Token(http.Request);
            string? account = harvest.Value.AccountId is { Length: > 0 } configured ? configured : http.Request.Headers["Harvest-Account-Id"].ToString();
            if (token is null || string.IsNullOrWhiteSpace(account) || callers.IsConfirmed(account, token))
            {
                await next(http);
                return;
            }
            var address = http.Connection.RemoteIpAddress;
            if (failures.RetryAfter(address) is { } wait)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ErrorWriter.WriteAsync(http.Response, StatusCodes.Status429TooManyRequests, "TooManyFailedAuthentications",
                    "Too many tokens from this address were refused by Harvest; wait before trying another one.", http.RequestAborted);
                return;
            }
            using (failures.Checking(address))
            {
                await next(http);
            }
            if (http.Response.StatusCode == StatusCodes.Status401Unauthorized)
                failures.Failed(address);
        });
    }
}
