using System.Collections.Concurrent;
using HarvestOData.Mirror.Sync;
using HarvestOData.Server.Status;

namespace HarvestOData.Server.Logging;

/// <summary>
/// One log line per sync pass, written when the pass reports its end:
/// <c>sync pass resource=time_entries kind=incremental outcome=done rows=51234 pages=1 calls=1 changed=3 ms=412</c>.
/// The kind lists the phases the pass went through (a deletion check is <c>incremental+reconcile</c>); rows are the
/// resource's rows in the mirror afterwards. Sits in front of the jobs' <see cref="IWorkProgress"/>.
/// </summary>
public sealed class PassLog(ILoggerFactory loggers, SyncStateStore states, TimeProvider time)
{
    public const string Category = "HarvestOData.Sync";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    private readonly ConcurrentDictionary<string, Pass> _passes = new(StringComparer.Ordinal);

    public IWorkProgress Tap(IWorkProgress inner) => new Recorder(this, inner);

    public void Report(SyncProgress progress)
    {
        if (!LivePasses.IsFinal(progress.Phase))
        {
            var pass = _passes.GetOrAdd(progress.Resource, _ => new Pass(time.GetTimestamp()));
            pass.Saw(progress.Phase);
            return;
        }
        var ended = _passes.TryRemove(progress.Resource, out var finished) ? finished : new Pass(time.GetTimestamp());
        _ = WriteAsync(progress, ended);
    }

    private async Task WriteAsync(SyncProgress end, Pass pass)
    {
        var elapsed = time.GetElapsedTime(pass.Started);
        string rows = "-";
        try
        {
            rows = (await states.ReadAsync(end.Resource)).Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The line matters more than the figure (the host may be shutting down).
        }
        var level = end.Phase == "failed" ? LogLevel.Warning : LogLevel.Information;
        _logger.Log(level, "sync pass resource={Resource} kind={Kind} outcome={Outcome} rows={Rows} pages={Pages} calls={Calls} changed={Changed} ms={DurationMs:0}",
            end.Resource, pass.Kind, end.Phase, rows, end.PagesDone, end.Calls, end.Changed, elapsed.TotalMilliseconds);
    }

    private sealed class Pass(long started)
    {
        private readonly List<string> _phases = [];

        public long Started { get; } = started;

        public string Kind
        {
            get { lock (_phases) return _phases.Count == 0 ? "-" : string.Join('+', _phases); }
        }

        public void Saw(string phase)
        {
            lock (_phases)
            {
                if (!_phases.Contains(phase))
                    _phases.Add(phase);
            }
        }
    }

    private sealed class Recorder(PassLog log, IWorkProgress inner) : IWorkProgress
    {
        public void Report(SyncProgress progress)
        {
            log.Report(progress);
            inner.Report(progress);
        }
    }
}
