using System.Text;
using Microsoft.Extensions.Primitives;

namespace HarvestOData.Server.Logging;

/// <summary>
/// One line per request: id, method, path, query (secret parameters masked), status, duration and — when the OData
/// layer reports them through <see cref="ResponseRows"/> — rows. Headers are never logged, so neither is
/// <c>Authorization</c>. Replaces ASP.NET Core's own "Request starting" lines, which carry the raw query string.
/// </summary>
public sealed class RequestLog(RequestDelegate next, ILoggerFactory loggers, TimeProvider time)
{
    public const string Category = "HarvestOData.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext http)
    {
        long started = time.GetTimestamp();
        var rows = new ResponseRows();
        http.Features.Set(rows);
        bool threw = false;
        try
        {
            await next(http);
        }
        catch
        {
            threw = true;   // the server answers 500 (or cuts a started response); the exception is logged by the host
            throw;
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started);
            int status = http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted ? 499
                : threw && !http.Response.HasStarted ? 500
                : http.Response.StatusCode;
            var level = status >= 500 ? LogLevel.Warning : LogLevel.Information;
            if (_logger.IsEnabled(level))
            {
                string? credential = Auth.CredentialReader.Token(http.Request);
                _logger.Log(level, "request id={RequestId} method={Method} path={Path} query={Query} status={Status} ms={DurationMs:0.0} rows={Rows}",
                    http.TraceIdentifier, http.Request.Method, LogRedaction.Redact((http.Request.PathBase + http.Request.Path).ToString(), credential),
                    SafeQuery(http.Request.Query, credential),
                    status, elapsed.TotalMilliseconds, ResponseRows.Of(http)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
            }
        }
    }

    /// <summary>
    /// The query string with the values of secret-looking parameters masked, and anything carrying the caller's own
    /// <paramref name="credential"/> ("-" when empty).
    /// </summary>
    public static string SafeQuery(IQueryCollection query, string? credential = null)
    {
        if (query.Count == 0)
            return "-";
        var text = new StringBuilder();
        foreach (var (key, values) in query)
        {
            foreach (string? value in values.Count == 0 ? new StringValues("") : values)
            {
                // Readable ($filter=Name eq 'x' stays legible) but one token on the line: only spaces and quotes are escaped.
                text.Append(text.Length == 0 ? "" : "&").Append(Token(key)).Append('=');
                text.Append(LogRedaction.IsSecretName(key) ? LogRedaction.Mask : Token(value ?? ""));
            }
        }
        return LogRedaction.Redact(text.ToString(), credential);
    }

    private static string Token(string text) => text.Replace(" ", "%20", StringComparison.Ordinal).Replace("\"", "%22", StringComparison.Ordinal);
}
