using global::Hangfire.AspNetCore;
using global::Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>
/// Hangfire's log provider is one per process, set by whichever host configured Hangfire last. When that host has
/// been disposed while another still runs (a test's earlier server), its logger factory throws on every new logger,
/// and Hangfire asks for one in the middle of dashboard requests: those loggers go silent instead of failing the request.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static Silent Instance { get; } = new();

        public bool Log(global::Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
