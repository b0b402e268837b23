using System.Collections.Concurrent;
using HarvestOData.Mirror.Sync;

namespace HarvestOData.Server.Cli;

/// <summary>
/// The progress display of <c>sync --once</c>: on a terminal, one line per resource redrawn in place; otherwise
/// (a log file, CI) a plain line whenever a resource starts a phase or ends.
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool interactive, TimeProvider time) : IWorkProgress
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(150);

    private readonly ConcurrentDictionary<string, SyncProgress> _latest = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Lock _draw = new();
    private DateTimeOffset _lastDraw = DateTimeOffset.MinValue;
    private int _linesDrawn;

    public void Report(SyncProgress progress)
    {
        var previous = _latest.GetValueOrDefault(progress.Resource);
        _latest[progress.Resource] = progress;
        lock (_draw)
        {
            if (!_order.Contains(progress.Resource))
                _order.Add(progress.Resource);
            if (!interactive)
            {
                if (previous?.Phase != progress.Phase)
                    output.WriteLine(Line(progress));
                return;
            }
            bool final = progress.Phase is "done" or "failed" or "skipped";
            if (final || time.GetUtcNow() - _lastDraw >= RedrawEvery)
                Redraw();
        }
    }

    /// <summary>Draws the last state of every line (call once at the end so nothing is left half-drawn).</summary>
    public void Flush()
    {
        lock (_draw)
        {
            if (interactive)
                Redraw();
        }
    }

    private void Redraw()
    {
        if (_linesDrawn > 0)
            output.Write($"\u001b[{_linesDrawn}A");
        foreach (string resource in _order)
            output.Write("\r\u001b[2K" + Line(_latest[resource]) + "\n");
        _linesDrawn = _order.Count;
        _lastDraw = time.GetUtcNow();
        output.Flush();
    }

    private static string Line(SyncProgress p)
    {
        string pages = p.PagesKnown is { } known ? $"{p.PagesDone}/{known}" : p.PagesDone.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string bar = p.Percent is { } percent ? $"[{new string('#', percent / 5),-20}] {percent,3}%" : new string(' ', 27);
        return $"{p.Resource,-26} {p.Phase,-11} {bar} pages {pages,-9} changed {p.Changed,-8} calls {p.Calls}";
    }
}
