using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Reads a whole list (or a <c>from</c>/<c>to</c> window of it) at 2000 rows a page, upserting what it reads — a sweep
/// repairs as it checks — and returns the ids Harvest listed. Dated lists are swept in date windows
/// (<see cref="DatedWalk"/>), so rows vanishing mid-sweep hide no other row; <see cref="Result.Exact"/> says every
/// part of the window arrived as a whole-window answer (then the ids are exactly Harvest's at those moments).
/// </summary>
internal static class IdSweep
{
    public sealed record Result(HashSet<long> Ids, int Pages, bool Exact);

    public static async Task<Result> RunAsync(IHarvestClient client, PassRun run, ListQuery query, int parallel, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        int pages = 0;
        bool exact = true;
        int before = run.PagesDone;
        var known = run.PagesKnown;
        if (run.Resource.Paging == Paging.PageNumber && run.Resource.DateWindowColumn is not null)
        {
            var window = new DateWindow(query.From, query.To);
            using var walk = new DatedWalk(client, run, parallel);
            await walk.RunAsync(query with { From = null, To = null }, window, null, async step =>
            {
                ids.UnionWith(step.Records.Select(r => r.Id));
                pages++;
                await run.CommitPageAsync(step.Records, null, null, null, cancellationToken);
            }, cancellationToken);
            exact = walk.Exact;
        }
        else
        {
            async Task Take(HarvestPage page)
            {
                lock (ids)
                {
                    ids.UnionWith(page.Records.Select(r => r.Id));
                    pages++;
                }
                await run.CommitPageAsync(page.Records, null, null, null, cancellationToken);
            }
            // Cursor lists are keyset-paged on id: a deletion during the walk cannot hide another row.
            if (run.Resource.Paging == Paging.PageNumber)
            {
                await PageWalk.NumberedAsync(client, run, query, 1, parallel, (page, _) => Take(page), cancellationToken);
                exact = pages == 1;
            }
            else
            {
                await PageWalk.CursorAsync(client, run, query, null, Take, cancellationToken);
            }
        }
        // The walk's own page total is not the check's: keep the check's progress figures.
        run.PagesKnown = known is null ? null : known + run.PagesDone - before;
        return new Result(ids, pages, exact);
    }

    /// <summary>
    /// Harvest's <c>total_entries</c> for <paramref name="query"/> and its first row, from a one-row first page (one call);
    /// a page with no row while the total says there are some is asked again (<see cref="ListAnswer"/>).
    /// </summary>
    public static async Task<(long Count, HarvestRecord? First)> ProbeAsync(IHarvestClient client, PassRun run, ListQuery query, CancellationToken cancellationToken)
    {
        var page = await ListAnswer.FetchAsync(client, run, query with { PerPage = 1 }, 1, cancellationToken);
        return (page.TotalEntries ?? page.Records.Count, page.Records.Count > 0 ? page.Records[0] : null);
    }

    /// <summary>Harvest's <c>total_entries</c> for <paramref name="query"/>, from a one-row first page (one call).</summary>
    public static async Task<long> CountAsync(IHarvestClient client, PassRun run, ListQuery query, CancellationToken cancellationToken) =>
        (await ProbeAsync(client, run, query, cancellationToken)).Count;
}
