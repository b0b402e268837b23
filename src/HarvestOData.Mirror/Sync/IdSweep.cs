using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Reads a whole list (or a <c>from</c>/<c>to</c> window of it) at 2000 rows a page, upserting what it reads — a sweep
/// repairs as it checks — and returns the ids Harvest listed.
/// </summary>
internal static class IdSweep
{
    public sealed record Result(HashSet<long> Ids, int Pages);

    public static async Task<Result> RunAsync(IHarvestClient client, PassRun run, ListQuery query, int parallel, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>();
        int pages = 0;
        async Task Take(HarvestPage page)
        {
            lock (ids)
            {
                ids.UnionWith(page.Records.Select(r => r.Id));
                pages++;
            }
            await run.CommitPageAsync(page.Records, null, null, null, cancellationToken);
        }
        int before = run.PagesDone;
        var known = run.PagesKnown;
        if (run.Resource.Paging == Paging.PageNumber)
            await PageWalk.NumberedAsync(client, run, query, 1, parallel, (page, _) => Take(page), cancellationToken);
        else
            await PageWalk.CursorAsync(client, run, query, null, Take, cancellationToken);
        // The walk's own page total is not the check's: keep the check's progress figures.
        run.PagesKnown = known is null ? null : known + run.PagesDone - before;
        return new Result(ids, pages);
    }

    /// <summary>Harvest's <c>total_entries</c> for <paramref name="query"/>, from a one-row first page (one call).</summary>
    public static async Task<long> CountAsync(IHarvestClient client, PassRun run, ListQuery query, CancellationToken cancellationToken)
    {
        run.CountCall();
        var page = await client.FirstPageAsync(run.Resource, query with { PerPage = 1 }, RequestPriority.Background, cancellationToken);
        return page.TotalEntries ?? page.Records.Count;
    }
}
