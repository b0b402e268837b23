using System.Collections.Concurrent;
using HarvestOData.Mirror.Sync;

namespace HarvestOData.Server.Cli;

/// <summary>
/// The progress display of <c>sync --once</c>: on a terminal, one line per resource (every resource of the run from the
/// start, waiting ones too) redrawn in place under a total line; otherwise (a log file, CI) a plain line whenever a
/// resource starts a phase or ends.
/// </summary>
public sealed class ConsoleProgress : IWorkProgress
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(150);

    private readonly ConcurrentDictionary<string, SyncProgress> _latest = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Lock _draw = new();
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly TimeProvider _time;
    private readonly long _started;
    private DateTimeOffset _lastDraw = DateTimeOffset.MinValue;
    private int _linesDrawn;

    /// <param name="resources">The resources the run will pass, shown as waiting until they start.</param>
    public ConsoleProgress(TextWriter output, bool interactive, TimeProvider time, IEnumerable<string>? resources = null)
    {
        _output = output;
        _interactive = interactive;
        _time = time;
        _started = time.GetTimestamp();
        foreach (string resource in resources ?? [])
        {
            _order.Add(resource);
            _latest[resource] = new SyncProgress(resource, "waiting", 0, null, 0, 0);
        }
    }

    public void Report(SyncProgress progress)
    {
        var previous = _latest.GetValueOrDefault(progress.Resource);
        _latest[progress.Resource] = progress;
        lock (_draw)
        {
            if (!_order.Contains(progress.Resource))
                _order.Add(progress.Resource);
            if (!_interactive)
            {
                if (previous?.Phase != progress.Phase)
                    _output.WriteLine(Line(progress));
                return;
            }
            bool final = progress.Phase is "done" or "failed" or "skipped";
            if (final || _time.GetUtcNow() - _lastDraw >= RedrawEvery)
                Redraw();
        }
    }

    /// <summary>Draws the last state of every line (call once at the end so nothing is left half-drawn).</summary>
    public void Flush()
    {
        lock (_draw)
        {
            if (_interactive)
                Redraw();
        }
    }

    private void Redraw()
    {
        if (_linesDrawn > 0)
            _output.Write($"\u001b[{_linesDrawn}A");
        foreach (string resource in _order)
            _output.Write("\r\u001b[2K" + Line(_latest[resource]) + "\n");
        _output.Write("\r\u001b[2K" + Total() + "\n");
        _linesDrawn = _order.Count + 1;
        _lastDraw = _time.GetUtcNow();
        _output.Flush();
    }

    private string Total()
    {
        var all = _order.Select(r => _latest[r]).ToList();
        int ended = all.Count(p => p.Phase is "done" or "failed" or "skipped");
        int failed = all.Count(p => p.Phase == "failed");
        var elapsed = _time.GetElapsedTime(_started);
        return $"{ended}/{all.Count} resources done{(failed > 0 ? $", {failed} failed" : "")} · {all.Sum(p => p.Calls)} calls · {elapsed:mm\\:ss}";
    }

    private static string Line(SyncProgress p)
    {
        string pages = p.PagesKnown is { } known ? $"{p.PagesDone}/{known}" : p.PagesDone.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string bar = p.Percent is { } percent ? $"[{new string('#', percent / 5),-20}] {percent,3}%" : new string(' ', 27);
        return $"{p.Resource,-26} {p.Phase,-11} {bar} pages {pages,-9} changed {p.Changed,-8} calls {p.Calls}";
    }
}
