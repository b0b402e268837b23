using HarvestOData.Server.Logging;
using Microsoft.Extensions.Logging.Console;

// In ASP.NET Core's namespace, as AddX/UseX extensions customarily are.
namespace Microsoft.AspNetCore.Builder;

/// <summary>The server's logs: compact one-line console output, a line per request and per sync pass, no secrets.</summary>
public static class OperatorLogging
{
    /// <summary>Console logging in the compact format; ASP.NET Core's own request lines (raw URLs) are turned down.</summary>
    /// <param name="toStandardError">All logs to stderr: for commands whose stdout is their result (<c>status --json</c>).</param>
    public static WebApplicationBuilder AddOperatorLogging(this WebApplicationBuilder builder, bool toStandardError = false)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o =>
            {
                o.FormatterName = CompactConsoleFormatter.Name;
                if (toStandardError)
                    o.LogToStandardErrorThreshold = LogLevel.Trace;
            })
            .AddConsoleFormatter<CompactConsoleFormatter, ConsoleFormatterOptions>();
        // These log whole request URLs (query strings included) and headers; RequestLog writes the safe line instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        return builder;
    }

    /// <summary>One line per request; put it first so it times and sees everything.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app) => app.UseMiddleware<RequestLog>();
}
