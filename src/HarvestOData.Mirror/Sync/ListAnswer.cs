using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// One list call whose answer is checked against itself before anything is built on it: a page must hold as many rows
/// as its <c>total_entries</c> implies (<c>min(per_page, total − rows before it)</c>), and a cursor page that links to a
/// next one must be full. A page that contradicts itself is asked again (each try passes the rate gate), a few times,
/// then the pass fails with <see cref="ContradictoryAnswerException"/>: an empty page that says it is not empty must
/// never read as "these rows were deleted".
/// </summary>
internal static class ListAnswer
{
    public const int Attempts = 4;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>Page <paramref name="page"/> of a page-number query (1 = the first page, also for cursor queries).</summary>
    public static async Task<HarvestPage> FetchAsync(IHarvestClient client, PassRun run, ListQuery query, int page, CancellationToken cancellationToken)
    {
        if (page > 1)
            query = query with { Filters = new Dictionary<string, string>(query.Filters) { ["page"] = page.ToString(CultureInfo.InvariantCulture) } };
        bool cursorPage = query.Filters.ContainsKey("cursor");
        for (int attempt = 1; ; attempt++)
        {
            var answer = await client.FirstPageAsync(run.Resource, query, RequestPriority.Background, cancellationToken);
            run.CountCall();
            if (Contradiction(answer, query.PerPage, page, cursorPage) is not { } problem)
                return answer;
            if (attempt >= Attempts)
                throw new ContradictoryAnswerException($"Harvest's answer for {run.Resource.Name} contradicts itself ({problem}) after {Attempts} tries; nothing was deleted.");
            await Task.Delay(FirstBackoff * attempt, run.Time, cancellationToken);
        }
    }

    /// <summary>What is wrong with <paramref name="answer"/>, or null when it is consistent.</summary>
    internal static string? Contradiction(HarvestPage answer, int perPage, int page, bool cursorPage)
    {
        int rows = answer.Records.Count;
        if (rows > perPage)
            return $"{rows} rows on a page of {perPage}";
        if (cursorPage)
        {
            // A middle cursor page carries no position; one that links to a next page must be full.
            return answer.Next is not null && rows < perPage ? $"{rows} rows on a page of {perPage} that links to a next page" : null;
        }
        if (answer.TotalEntries is not { } total)
            return null;
        long expected = Math.Clamp(total - (long)(page - 1) * perPage, 0, perPage);
        return rows < expected ? $"page {page} holds {rows} rows but total_entries is {total}" : null;
    }
}
