using System.Globalization;
using System.Web;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// How a list is walked. Cursor lists follow <c>links.next</c> one page after another (resumable from a stored link).
/// Page-number walks read page one, learn <c>total_pages</c>, then fetch the rest several at a time so the shared
/// rate gate never idles; they shift when rows vanish or appear mid-walk, so passes use them only inside one day
/// (<see cref="DatedWalk"/>). Either way pages are committed in arrival order while the next ones are fetched
/// (<see cref="FetchPipeline"/>).
/// </summary>
internal static class PageWalk
{
    /// <summary>
    /// Follows <c>links.next</c>'s cursor (a keyset on id: rows vanishing or appearing mid-walk shift nothing);
    /// <paramref name="resumeFrom"/> is a stored <c>links.next</c> to go on from. Each page is asked as the query plus its
    /// cursor, so a page that contradicts itself is asked again (<see cref="ListAnswer"/>) instead of ending the walk early.
    /// </summary>
    public static Task CursorAsync(IHarvestClient client, PassRun run, ListQuery query, string? resumeFrom,
        Func<HarvestPage, Task> onPage, CancellationToken cancellationToken)
    {
        return FetchPipeline.RunAsync<HarvestPage>(async (pages, token) =>
        {
            for (string? cursor = CursorOf(resumeFrom); ;)
            {
                var pageQuery = cursor is null ? query : query with { Filters = new Dictionary<string, string>(query.Filters) { ["cursor"] = cursor } };
                var page = await ListAnswer.FetchAsync(client, run, pageQuery, 1, token);
                run.PagesKnown ??= page.TotalPages is { } total ? total + run.PagesDone : null;
                await pages.WriteAsync(page, token);
                if (page.Next is null)
                    return;
                cursor = CursorOf(page.Next.AbsoluteUri)
                    ?? throw new ContradictoryAnswerException($"Harvest's links.next for {run.Resource.Name} carries no cursor: {page.Next.GetLeftPart(UriPartial.Path)}");
            }
        }, async (pages, token) =>
        {
            await foreach (var page in pages.ReadAllAsync(token))
                await onPage(page);
        }, capacity: 2, cancellationToken);
    }

    /// <summary>
    /// Fetches pages <paramref name="firstPage"/>… of a page-number list, <paramref name="parallel"/> at a time, and hands
    /// each to <paramref name="onPage"/> as it arrives (out of order, one at a time).
    /// </summary>
    public static Task NumberedAsync(IHarvestClient client, PassRun run, ListQuery query, int firstPage, int parallel,
        Func<HarvestPage, int, Task> onPage, CancellationToken cancellationToken) =>
        FetchPipeline.RunAsync<(HarvestPage Page, int Number)>(async (pages, token) =>
        {
            var first = await FetchAsync(client, run, query, firstPage, token);
            int known = Math.Max(first.TotalPages ?? firstPage, firstPage);
            run.PagesKnown = known;
            await pages.WriteAsync((first, firstPage), token);

            int next = firstPage;
            async Task Fetcher()
            {
                for (int page = Interlocked.Increment(ref next); page <= Volatile.Read(ref known); page = Interlocked.Increment(ref next))
                {
                    var answer = await FetchAsync(client, run, query, page, token);
                    // Rows created during the walk can add pages; rows deleted leave the last ones empty (harmless).
                    if (answer.TotalPages is { } total && total > Volatile.Read(ref known))
                    {
                        Interlocked.Exchange(ref known, total);
                        run.PagesKnown = total;
                    }
                    await pages.WriteAsync((answer, page), token);
                }
            }
            while (Volatile.Read(ref next) < Volatile.Read(ref known))
                await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Fetcher()));
        }, async (pages, token) =>
        {
            await foreach (var (page, number) in pages.ReadAllAsync(token))
                await onPage(page, number);
        }, capacity: parallel * 2, cancellationToken);

    private static Task<HarvestPage> FetchAsync(IHarvestClient client, PassRun run, ListQuery query, int page, CancellationToken cancellationToken) =>
        ListAnswer.FetchAsync(client, run, query, page, cancellationToken);

    private static string? CursorOf(string? link)
    {
        if (string.IsNullOrEmpty(link) || !Uri.TryCreate(link, UriKind.Absolute, out var uri))
            return null;
        return HttpUtility.ParseQueryString(uri.Query)["cursor"];
    }

    /// <summary>The largest <c>updated_at</c> of <paramref name="records"/>, or <paramref name="current"/> when larger.</summary>
    public static DateTimeOffset? MaxUpdatedAt(IEnumerable<HarvestRecord> records, DateTimeOffset? current)
    {
        foreach (var record in records)
        {
            if (record.UpdatedAt is { } updated && (current is null || updated > current))
                current = updated;
        }
        return current;
    }
}
