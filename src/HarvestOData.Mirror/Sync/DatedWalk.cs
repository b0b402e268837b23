using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// One answer of a <see cref="DatedWalk"/>: rows to upsert, and the window those rows describe whole (null when the
/// answer covers no window exactly). <see cref="Remaining"/> is the upper end of what is still to read (the checkpoint).
/// </summary>
internal sealed record DatedStep(IReadOnlyList<HarvestRecord> Records, DateWindow? Settled, IReadOnlySet<long> SettledIds, DateOnly? Remaining, bool Last);

/// <summary>
/// Walks a page-number list (time entries, expenses, invoices, estimates) without page numbers. Page offsets shift
/// when Harvest deletes or creates a row before the offset, so a page-number walk skips or repeats rows. Instead
/// every call asks for page one of a date window (<c>from</c>/<c>to</c>), and an answer that holds its whole window
/// (<c>total_entries</c> ≤ rows) is one consistent snapshot of it: nothing mid-walk can hide a row, and the mirror's
/// rows of that window that the answer lacks are exactly Harvest's deletions. Windows go from the newest date down:
/// <list type="bullet">
/// <item>Lists sorted by the date, newest first (time entries, expenses): a keyset on the date. Page one of
/// <c>to = D</c> holds every row dated after its oldest day, so those days are settled and the next call asks
/// <c>to = that oldest day</c> (re-reading the boundary day: ~1 day of rows per call, the cost over the page floor).</item>
/// <item>Lists sorted newest created first (invoices, estimates): a window is cut below the newest days of the rows
/// seen so ~90 % of a page fits, and asked for; an account with more than a page of them costs about two calls a page.</item>
/// <item>A single day with more than a page of rows is read by page numbers, then counted again, until two counts
/// agree around the walk (a change during it would have shifted the pages).</item>
/// </list>
/// A crash resumes at <see cref="DatedStep.Remaining"/>: a date, not a page number, so it cannot shift either.
/// </summary>
internal sealed class DatedWalk(IHarvestClient client, PassRun run, int parallel)
{
    private const int PageRows = 2000;
    private const int DayAttempts = 3;
    /// <summary>False once part of the window could not be read as a whole-window answer (undated rows, a day that kept changing).</summary>
    public bool Exact { get; private set; } = true;

    private readonly string _column = run.Resource.DateWindowColumn ?? throw new InvalidOperationException($"{run.Resource.Name} has no date window.");

    /// <summary>Walks <paramref name="query"/>'s rows dated <paramref name="window"/> (the upper end lowered to <paramref name="resumeTo"/> when resuming).</summary>
    public Task RunAsync(ListQuery query, DateWindow window, DateOnly? resumeTo, Func<DatedStep, Task> onStep, CancellationToken cancellationToken) =>
        FetchPipeline.RunAsync<DatedStep>(
            (steps, token) => ProduceAsync(query, resumeTo is { } resume ? window with { To = resume } : window, s => steps.WriteAsync(s, token).AsTask(), token),
            async (steps, token) =>
            {
                await foreach (var step in steps.ReadAllAsync(token))
                    await onStep(step);
            }, capacity: 2, cancellationToken);

    private async Task ProduceAsync(ListQuery query, DateWindow window, Func<DatedStep, Task> emit, CancellationToken cancellationToken)
    {
        var from = window.From;
        var to = window.To;
        bool first = true;
        while (true)
        {
            var current = new DateWindow(from, to);
            var page = await ListAnswer.FetchAsync(client, run, current.Apply(query), 1, cancellationToken);
            if (first)
            {
                run.PagesKnown = (page.TotalPages ?? 1) + run.PagesDone;
                first = false;
            }
            if (Whole(page))
            {
                await emit(new DatedStep(page.Records, current, page.Records.Select(r => r.Id).ToHashSet(), from, Last: true));
                return;
            }
            if (Dates(page.Records) is not { } dates)
            {
                // Rows without a date escape every window: read the rest by page numbers; the deletion check sweeps whole.
                Exact = false;
                await PageNumbersAsync(query, current, emit, settle: false, cancellationToken);
                return;
            }
            DateOnly oldest = dates.Min(), newest = dates.Max();
            DateOnly below;
            if (run.Resource.ListedNewestDateFirst && SortedNewestFirst(dates) && oldest < newest)
            {
                var settled = new DateWindow(oldest.AddDays(1), to);
                var ids = page.Records.Where(r => settled.Contains(Date(r)!.Value)).Select(r => r.Id).ToHashSet();
                await emit(new DatedStep(page.Records, settled, ids, oldest, Last: false));
                to = oldest;
                continue;
            }
            if (oldest == newest && current.IsSingleDay)
            {
                await PageNumbersAsync(query, current, emit, settle: true, cancellationToken);
                below = oldest.AddDays(-1);
            }
            else if (oldest == newest && run.Resource.ListedNewestDateFirst)
            {
                // A page of one day under a newest-first sort: no row is dated after it, and it alone holds more than a page.
                var above = new DateWindow(oldest.AddDays(1), to);
                await emit(new DatedStep(page.Records, to is { } top && top <= oldest ? null : above, new HashSet<long>(), oldest, Last: false));
                await PageNumbersAsync(query, new DateWindow(oldest, oldest), emit, settle: true, cancellationToken);
                below = oldest.AddDays(-1);
            }
            else
            {
                below = await NarrowAsync(query, current, page, emit, cancellationToken);
            }
            if (from is { } bottom && below < bottom)
            {
                await emit(new DatedStep([], null, new HashSet<long>(), below, Last: true));
                return;
            }
            to = below;
        }
    }

    /// <summary>
    /// Newest-created-first lists: cuts <paramref name="window"/> below the newest days of the rows seen until an upper
    /// part arrives whole, emits it, and returns the day below it.
    /// </summary>
    private async Task<DateOnly> NarrowAsync(ListQuery query, DateWindow window, HarvestPage page, Func<DatedStep, Task> emit, CancellationToken cancellationToken)
    {
        await emit(new DatedStep(page.Records, null, new HashSet<long>(), window.To, Last: false));
        var sample = page.Records;
        while (true)
        {
            var days = Dates(sample)?.Order().ToList();
            DateOnly cut = days is { Count: > 0 } ? days[days.Count / 10] : window.To ?? DateOnly.FromDateTime(run.Time.GetUtcNow().UtcDateTime);
            if (window.To is { } top && cut >= top)
                cut = top.AddDays(-1);
            if (window.From is { } bottom && cut < bottom)
                cut = bottom;
            var upper = new DateWindow(cut.AddDays(1), window.To);
            var answer = await ListAnswer.FetchAsync(client, run, upper.Apply(query), 1, cancellationToken);
            if (Whole(answer))
            {
                await emit(new DatedStep(answer.Records, upper, answer.Records.Select(r => r.Id).ToHashSet(), cut, Last: false));
                return cut;
            }
            if (upper.IsSingleDay)
            {
                await PageNumbersAsync(query, upper, emit, settle: true, cancellationToken);
                return cut;
            }
            await emit(new DatedStep(answer.Records, null, new HashSet<long>(), window.To, Last: false));
            window = upper;
            sample = answer.Records;
        }
    }

    /// <summary>
    /// Reads <paramref name="window"/> by page numbers. With <paramref name="settle"/>, the window counts as read whole
    /// only when Harvest's count did not move during the walk (otherwise it is read again, a few times at most).
    /// </summary>
    private async Task PageNumbersAsync(ListQuery query, DateWindow window, Func<DatedStep, Task> emit, bool settle, CancellationToken cancellationToken)
    {
        var windowQuery = window.Apply(query);
        for (int attempt = 1; ; attempt++)
        {
            var ids = new HashSet<long>();
            var totals = new HashSet<int?>();
            await PageWalk.NumberedAsync(client, run, windowQuery, 1, parallel, async (page, _) =>
            {
                lock (ids)
                {
                    ids.UnionWith(page.Records.Select(r => r.Id));
                    totals.Add(page.TotalEntries);
                }
                await emit(new DatedStep(page.Records, null, new HashSet<long>(), window.To, Last: false));
            }, cancellationToken);
            if (!settle)
                return;
            var recount = await IdSweep.CountAsync(client, run, windowQuery, cancellationToken);
            if (totals.Count == 1 && totals.Single() == recount && ids.Count == recount)
            {
                await emit(new DatedStep([], window, ids, window.To, Last: false));
                return;
            }
            if (attempt >= DayAttempts)
            {
                Exact = false;
                return;
            }   // Harvest kept changing this day: no deletion is inferred from it; the deletion check comes back to it.
        }
    }

    private static bool Whole(HarvestPage page) => page.TotalEntries is not { } total || total <= page.Records.Count;

    private DateOnly? Date(HarvestRecord record) => record[_column] as DateOnly?;

    /// <summary>Each row's date, or null when a row has none.</summary>
    private List<DateOnly>? Dates(IReadOnlyList<HarvestRecord> records)
    {
        var dates = new List<DateOnly>(records.Count);
        foreach (var record in records)
        {
            if (Date(record) is not { } day)
                return null;
            dates.Add(day);
        }
        return dates;
    }

    private static bool SortedNewestFirst(List<DateOnly> dates)
    {
        for (int i = 1; i < dates.Count; i++)
        {
            if (dates[i] > dates[i - 1])
                return false;
        }
        return true;
    }
}
