using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HarvestOData.Server.Logging;

/// <summary>
/// One line per event: <c>2026-01-05T10:00:00.123Z INF HarvestOData.Sync sync pass resource=time_entries …</c> —
/// UTC time, level, category, message (our own messages are key=value), and the exception folded into the same line.
/// Every line passes <see cref="LogRedaction"/>, and values of fields named like secrets are masked.
/// </summary>
public sealed class CompactConsoleFormatter(TimeProvider? time = null) : ConsoleFormatter(Name)
{
    public new const string Name = "compact";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string message = logEntry.Formatter(logEntry.State, logEntry.Exception) ?? "";
        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            foreach (var (key, value) in fields)
            {
                if (LogRedaction.IsSecretName(key) && value?.ToString() is { Length: > 0 } secret)
                    message = message.Replace(secret, LogRedaction.Mask, StringComparison.Ordinal);
            }
        }
        var line = new StringBuilder(message.Length + 96);
        line.Append((time ?? TimeProvider.System).GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append(' ')
            .Append(Level(logEntry.LogLevel)).Append(' ')
            .Append(logEntry.Category).Append(' ')
            .Append(OneLine(message));
        if (logEntry.Exception is { } exception)
            line.Append(" exception=\"").Append(OneLine(exception.ToString()).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        textWriter.Write(LogRedaction.Redact(line.ToString()));
        textWriter.Write(Environment.NewLine);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRC",
        LogLevel.Debug => "DBG",
        LogLevel.Information => "INF",
        LogLevel.Warning => "WRN",
        LogLevel.Error => "ERR",
        LogLevel.Critical => "CRT",
        _ => "---",
    };

    private static string OneLine(string text) =>
        text.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);
}
