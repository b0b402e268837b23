using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.Status.Tests.Support;

/// <summary>
/// Captures everything logged — rendered message, every structured value, scopes and the full exception text — at
/// every level, as a log sink in production would see it, so a test can prove a secret never reaches any of it.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, string Text)> _entries = new();

    public IReadOnlyList<(string Category, string Text)> Entries => [.. _entries];

    public IEnumerable<string> Lines(string category) => _entries.Where(e => e.Category == category).Select(e => e.Text);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            capture._entries.Enqueue((category, "scope: " + Describe(state)));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string text = formatter(state, exception) + " | " + Describe(state) + (exception is null ? "" : " | " + exception);
            capture._entries.Enqueue((category, text));
        }

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> fields
            ? string.Join(" ", fields.Select(f => $"{f.Key}={f.Value}"))
            : state?.ToString() ?? "";
    }
}
