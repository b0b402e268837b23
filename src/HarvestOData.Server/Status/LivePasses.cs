using System.Collections.Concurrent;
using HarvestOData.Mirror.Sync;

namespace HarvestOData.Server.Status;

/// <summary>
/// The passes running in this process, as their progress reports say (pages done of known, rows changed, calls), so
/// the status page shows a pass between its page commits too. <see cref="Tap"/> sits in front of the scheduler's own
/// <see cref="IWorkProgress"/>. Passes of another process (a <c>sync --once</c> next to the server) are seen through
/// <c>sync_state</c> instead.
/// </summary>
public sealed class LivePasses(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PassProgress> _running = new(StringComparer.Ordinal);

    /// <summary>The phases a pass reports last.</summary>
    public static bool IsFinal(string phase) => phase is "done" or "failed" or "skipped";

    public PassProgress? Running(string resource) => _running.GetValueOrDefault(resource);

    public void Report(SyncProgress progress)
    {
        if (IsFinal(progress.Phase))
        {
            _running.TryRemove(progress.Resource, out _);
            return;
        }
        var now = time.GetUtcNow();
        _running.AddOrUpdate(progress.Resource,
            _ => Snapshot(progress, now),
            (_, before) => Snapshot(progress, before.StartedAt ?? now));
    }

    /// <summary>An <see cref="IWorkProgress"/> that records here and then forwards to <paramref name="inner"/>.</summary>
    public IWorkProgress Tap(IWorkProgress inner) => new Recorder(this, inner);

    private static PassProgress Snapshot(SyncProgress p, DateTimeOffset startedAt) =>
        new(p.Phase, p.PagesDone, p.PagesKnown, p.Changed, p.Calls, startedAt);

    private sealed class Recorder(LivePasses passes, IWorkProgress inner) : IWorkProgress
    {
        public void Report(SyncProgress progress)
        {
            passes.Report(progress);
            inner.Report(progress);
        }
    }
}
