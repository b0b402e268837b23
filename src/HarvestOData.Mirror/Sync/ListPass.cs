using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// A full or incremental pass of a resource that takes <c>updated_since</c>. The first pass reads everything; later
/// ones ask for rows updated since the watermark minus the overlap. Cursor lists follow <c>links.next</c> (a keyset on
/// id); page-number lists are walked in date windows (<see cref="DatedWalk"/>), because page offsets shift under rows
/// deleted or created mid-walk. Every answer commits with its checkpoint (<c>links.next</c>, or the newest day not yet
/// read whole), so an interrupted pass resumes there. A full pass also deletes, window by window, the mirror's rows
/// that a whole-window answer lacks: the answer is one snapshot of that window, so the comparison is exact.
/// </summary>
internal sealed class ListPass(IHarvestClient client, SyncOptions options)
{
    public async Task RunAsync(PassRun run, SyncState state, CancellationToken cancellationToken)
    {
        var now = run.Time.GetUtcNow();
        bool resuming = state.PassKind is "full" or "incremental";
        string kind = resuming ? state.PassKind! : state.Cursor is null ? "full" : "incremental";
        var started = resuming ? state.PassStartedAt ?? now : now;
        var since = resuming ? state.PassSince : state.Cursor - options.Overlap;
        var maxSeen = resuming ? state.PassMaxSeen : null;
        run.StartPhase(kind, resuming ? state.PagesDone ?? 0 : 0, resuming ? state.PagesKnown : null);
        if (!resuming)
        {
            await run.Database.WriteAsync((connection, transaction) => SyncStateStore.UpdateAsync(connection, transaction, run.Resource.Name, cancellationToken,
                SyncStateColumns.PassKind.Set(kind), SyncStateColumns.PassStartedAt.Set(started), SyncStateColumns.PassSince.Set(since),
                SyncStateColumns.PassNext.Set(null), SyncStateColumns.PassResumeWindows.Set(null), SyncStateColumns.PassMaxSeen.Set(null),
                SyncStateColumns.PagesDone.Set(0), SyncStateColumns.PagesKnown.Set(null)), cancellationToken);
        }

        var query = new ListQuery { UpdatedSince = since };
        var gate = new object();
        int fetched = 0;
        if (run.Resource.Paging == Paging.PageNumber)
        {
            bool full = since is null;
            using var walk = new DatedWalk(client, run, options.ParallelPages);
            await walk.RunAsync(query, DateWindow.Open, resuming ? state.PassResumeWindows : null, async step =>
            {
                fetched++;
                maxSeen = PageWalk.MaxUpdatedAt(step.Records, maxSeen);
                var seen = maxSeen;
                await run.CommitPageAsync(step.Records, null,
                    (_, _) => [SyncStateColumns.PassResumeWindows.Set(step.Checkpoint), SyncStateColumns.PassMaxSeen.Set(seen)],
                    full && step.Settled is { } window ? (c, t) => DeleteUnlistedAsync(run, c, t, window, step.SettledIds, cancellationToken) : null,
                    cancellationToken);
            }, cancellationToken);
        }
        else
        {
            await PageWalk.CursorAsync(client, run, query, resuming ? state.PassNext : null, async page =>
            {
                fetched++;
                maxSeen = PageWalk.MaxUpdatedAt(page.Records, maxSeen);
                await run.CommitPageAsync(page.Records, null,
                    (_, _) => [SyncStateColumns.PassNext.Set(page.Next?.AbsoluteUri), SyncStateColumns.PassMaxSeen.Set(maxSeen)], null, cancellationToken);
            }, cancellationToken);
        }

        var cursor = NextCursor(state.Cursor, started, maxSeen, singleSnapshot: fetched == 1 && !resuming);
        await run.Database.WriteAsync((connection, transaction) => SyncStateStore.UpdateAsync(connection, transaction, run.Resource.Name, cancellationToken,
            SyncStateColumns.Cursor.Set(cursor), SyncStateColumns.PassKind.Set(null), SyncStateColumns.PassStartedAt.Set(null),
            SyncStateColumns.PassSince.Set(null), SyncStateColumns.PassNext.Set(null), SyncStateColumns.PassResumeWindows.Set(null),
            SyncStateColumns.PassMaxSeen.Set(null)), cancellationToken);
    }

    /// <summary>The mirror's rows dated in <paramref name="window"/> that Harvest's whole-window answer did not list.</summary>
    private static async Task DeleteUnlistedAsync(PassRun run, DbConnection connection, DbTransaction transaction, DateWindow window,
        IReadOnlySet<long> listed, CancellationToken cancellationToken)
    {
        var stale = (await MirrorIds.InWindowAsync(connection, transaction, run.Resource, window, cancellationToken)).Where(id => !listed.Contains(id)).ToList();
        run.CountDeleted(await RowDeletion.DeleteAsync(connection, transaction, run.Resource, stale, "not listed by Harvest (full pass)",
            run.Time.GetUtcNow(), cascade: true, cancellationToken));
    }

    /// <summary>
    /// The next watermark. One page is one snapshot of Harvest, so its newest <c>updated_at</c> is safe. A walk of
    /// several pages is not: a row changed during the walk may have moved onto a page already read, so the watermark
    /// stays at the walk's start (the overlap covers clock skew), or at the newest row seen if that is earlier.
    /// </summary>
    internal static DateTimeOffset? NextCursor(DateTimeOffset? previous, DateTimeOffset started, DateTimeOffset? maxSeen, bool singleSnapshot)
    {
        DateTimeOffset candidate = singleSnapshot
            ? maxSeen ?? previous ?? started
            : maxSeen is { } seen && seen < started ? seen : started;
        candidate = TruncateToSecond(candidate);
        return previous is { } before && before > candidate ? before : candidate;
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
