using System.Globalization;
using System.Threading.Channels;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// One answer of a <see cref="DatedWalk"/>: rows to upsert, and the window those rows describe whole (null when the
/// answer covers no window exactly). <see cref="Checkpoint"/> lists the windows still to read once this step is
/// committed (<see cref="DatedWalk.ParseCheckpoint"/>); null when nothing is left.
/// </summary>
internal sealed record DatedStep(IReadOnlyList<HarvestRecord> Records, DateWindow? Settled, IReadOnlySet<long> SettledIds, string? Checkpoint);

/// <summary>
/// Walks a page-number list (time entries, expenses, invoices, estimates) without page numbers. Page offsets shift
/// when Harvest deletes or creates a row before the offset, so a page-number walk skips or repeats rows. Instead
/// every call asks for page one of a date window (<c>from</c>/<c>to</c>), and an answer that holds its whole window
/// (<c>total_entries</c> ≤ rows) is one consistent snapshot of it: nothing mid-walk can hide a row, and the mirror's
/// rows of that window that the answer lacks are exactly Harvest's deletions. Windows go from the newest date down:
/// <list type="bullet">
/// <item>Lists sorted by the date, newest first (time entries, expenses): a keyset on the date. Page one of
/// <c>to = D</c> holds every row dated after its oldest day, so those days are settled and the next call asks
/// <c>to = that oldest day</c> (re-reading the boundary day: the cost over the page floor is about one day of rows a
/// call). One chain of such calls is sequential, so after the first answer the rest of the range is cut into up to
/// <c>parallel</c> date segments (one extra one-row call finds the oldest day) walked side by side, keeping the rate
/// gate busy as the page-number walk did.</item>
/// <item>Lists sorted newest created first (invoices, estimates): a window is cut below the newest days of the rows
/// seen so ~90 % of a page fits, and asked for; an account with more than a page of them costs about two calls a page.</item>
/// <item>A single day with more than a page of rows is read by page numbers, then counted again, until two counts
/// agree around the walk (a change during it would have shifted the pages).</item>
/// </list>
/// A crash resumes from the windows not yet read: dates, not page numbers, so rows changed while the process was down
/// cannot shift them.
/// </summary>
internal sealed class DatedWalk(IHarvestClient client, PassRun run, int parallel) : IDisposable
{
    private const int PageRows = 2000;
    private const int DayAttempts = 3;
    private const string OpenEnd = "*";

    private readonly string _column = run.Resource.DateWindowColumn ?? throw new InvalidOperationException($"{run.Resource.Name} has no date window.");
    private readonly SortedDictionary<int, DateWindow> _remaining = [];
    private readonly SemaphoreSlim _emitting = new(1, 1);
    private ChannelWriter<DatedStep>? _steps;
    private int _nextChain;

    /// <summary>False once part of the window could not be read as a whole-window answer (undated rows, a day that kept changing).</summary>
    public bool Exact { get; private set; } = true;

    /// <summary>Walks <paramref name="query"/>'s rows dated in <paramref name="window"/>, or only the windows of <paramref name="resume"/> (a checkpoint).</summary>
    public Task RunAsync(ListQuery query, DateWindow window, string? resume, Func<DatedStep, Task> onStep, CancellationToken cancellationToken) =>
        FetchPipeline.RunAsync<DatedStep>((steps, token) =>
        {
            _steps = steps;
            return ParseCheckpoint(resume) is { Count: > 0 } windows ? ChainsAsync(query, windows, token) : StartAsync(query, window, token);
        }, async (steps, token) =>
        {
            await foreach (var step in steps.ReadAllAsync(token))
                await onStep(step);
        }, capacity: Math.Max(2, parallel * 2), cancellationToken);

    /// <summary>The windows a checkpoint lists (<c>from..to</c> separated by <c>|</c>, <c>*</c> for an open end).</summary>
    public static List<DateWindow> ParseCheckpoint(string? checkpoint)
    {
        var windows = new List<DateWindow>();
        foreach (string part in (checkpoint ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split("..");
            if (ends.Length == 2)
                windows.Add(new DateWindow(Day(ends[0]), Day(ends[1])));
        }
        return windows;

        static DateOnly? Day(string text) => text == OpenEnd ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static string? Checkpoint(IEnumerable<DateWindow> windows)
    {
        var parts = windows.Select(w => $"{Text(w.From)}..{Text(w.To)}").ToList();
        return parts.Count == 0 ? null : string.Join("|", parts);

        static string Text(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? OpenEnd;
    }

    private async Task StartAsync(ListQuery query, DateWindow window, CancellationToken cancellationToken)
    {
        int chain = NewChain(window);
        var page = await ListAnswer.FetchAsync(client, run, window.Apply(query), 1, cancellationToken);
        run.PagesKnown = (page.TotalPages ?? 1) + run.PagesDone;
        if (Whole(page))
        {
            await EmitAsync(chain, page.Records, window, Ids(page.Records), null, cancellationToken);
            return;
        }
        if (run.Resource.ListedNewestDateFirst && Dates(page.Records) is { } dates && SortedNewestFirst(dates) && dates[^1] < dates[0])
        {
            // The first answer settles the newest days; the rest is cut into segments walked side by side.
            DateOnly oldest = dates[^1];
            var settled = window with { From = oldest.AddDays(1) };
            var ids = page.Records.Where(r => settled.Contains(Date(r)!.Value)).Select(r => r.Id).ToHashSet();
            var rest = window with { To = oldest };
            long restRows = (page.TotalEntries ?? 0) - ids.Count;
            var segments = await SegmentsAsync(query, rest, restRows, cancellationToken);
            await EmitAsync(chain, page.Records, settled, ids, null, cancellationToken);
            await Task.WhenAll(segments.Select(s => ChainAsync(s.Chain, query, s.Window, null, cancellationToken)));
            return;
        }
        await ChainAsync(chain, query, window, page, cancellationToken);
    }

    private Task ChainsAsync(ListQuery query, List<DateWindow> windows, CancellationToken cancellationToken) =>
        Task.WhenAll(windows.Select(w => NewChain(w)).ToList().Select(chain => ChainAsync(chain, query, _remaining[chain], null, cancellationToken)));

    /// <summary>
    /// Cuts <paramref name="rest"/> (about <paramref name="rows"/> rows) into up to <c>parallel</c> segments of equal
    /// days between its oldest row (one one-row call) and its top; the bottom segment keeps the open lower end.
    /// </summary>
    private async Task<List<(int Chain, DateWindow Window)>> SegmentsAsync(ListQuery query, DateWindow rest, long rows, CancellationToken cancellationToken)
    {
        int count = (int)Math.Clamp((rows + PageRows - 1) / PageRows, 1, parallel);
        var cuts = new List<DateWindow> { rest };
        if (count > 1 && rest.To is { } top && rows <= int.MaxValue)
        {
            var last = await ListAnswer.FetchAsync(client, run, rest.Apply(query) with { PerPage = 1 }, (int)rows, cancellationToken);
            if (last.Records is [var oldestRow] && Date(oldestRow) is { } bottom && bottom < top)
            {
                int days = top.DayNumber - bottom.DayNumber + 1;
                count = Math.Min(count, days);
                cuts.Clear();
                var upper = top;
                for (int i = 1; i <= count; i++)
                {
                    var lower = i == count ? rest.From : DateOnly.FromDayNumber(top.DayNumber - (int)((long)days * i / count) + 1);
                    cuts.Add(new DateWindow(lower, upper));
                    if (lower is { } l)
                        upper = l.AddDays(-1);
                }
            }
        }
        return cuts.Select(w => (NewChain(w), w)).ToList();
    }

    /// <summary>One chain of calls from the top of <paramref name="window"/> down; <paramref name="first"/> is an answer already in for the whole window.</summary>
    private async Task ChainAsync(int chain, ListQuery query, DateWindow window, HarvestPage? first, CancellationToken cancellationToken)
    {
        var from = window.From;
        var to = window.To;
        while (true)
        {
            var current = new DateWindow(from, to);
            var page = first ?? await ListAnswer.FetchAsync(client, run, current.Apply(query), 1, cancellationToken);
            first = null;
            if (Whole(page))
            {
                await EmitAsync(chain, page.Records, current, Ids(page.Records), null, cancellationToken);
                return;
            }
            if (Dates(page.Records) is not { } dates)
            {
                // Rows without a date escape every window: read the rest by page numbers; the deletion check sweeps whole.
                Exact = false;
                await PageNumbersAsync(chain, query, current, settle: false, cancellationToken);
                await EmitAsync(chain, [], null, new HashSet<long>(), null, cancellationToken);
                return;
            }
            DateOnly oldest = dates.Min(), newest = dates.Max();
            DateOnly below;
            if (run.Resource.ListedNewestDateFirst && SortedNewestFirst(dates) && oldest < newest)
            {
                var settled = new DateWindow(oldest.AddDays(1), to);
                var ids = page.Records.Where(r => settled.Contains(Date(r)!.Value)).Select(r => r.Id).ToHashSet();
                await EmitAsync(chain, page.Records, settled, ids, current with { To = oldest }, cancellationToken);
                to = oldest;
                continue;
            }
            if (oldest == newest && current.IsSingleDay)
            {
                await PageNumbersAsync(chain, query, current, settle: true, cancellationToken);
                below = oldest.AddDays(-1);
            }
            else if (oldest == newest && run.Resource.ListedNewestDateFirst)
            {
                // A page of one day under a newest-first sort: no row is dated after it, and it alone holds more than a page.
                var above = new DateWindow(oldest.AddDays(1), to);
                await EmitAsync(chain, page.Records, to is { } top && top <= oldest ? null : above, new HashSet<long>(), current with { To = oldest }, cancellationToken);
                await PageNumbersAsync(chain, query, new DateWindow(oldest, oldest), settle: true, cancellationToken);
                below = oldest.AddDays(-1);
            }
            else
            {
                below = await NarrowAsync(chain, query, current, page, cancellationToken);
            }
            if (from is { } bottom && below < bottom)
            {
                await EmitAsync(chain, [], null, new HashSet<long>(), null, cancellationToken);
                return;
            }
            to = below;
        }
    }

    /// <summary>
    /// Newest-created-first lists: cuts <paramref name="window"/> below the newest days of the rows seen until an upper
    /// part arrives whole, emits it, and returns the day below it.
    /// </summary>
    private async Task<DateOnly> NarrowAsync(int chain, ListQuery query, DateWindow window, HarvestPage page, CancellationToken cancellationToken)
    {
        var whole = window;
        await EmitAsync(chain, page.Records, null, new HashSet<long>(), whole, cancellationToken);
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
                await EmitAsync(chain, answer.Records, upper, Ids(answer.Records), whole with { To = cut }, cancellationToken);
                return cut;
            }
            if (upper.IsSingleDay)
            {
                await PageNumbersAsync(chain, query, upper, settle: true, cancellationToken);
                return cut;
            }
            await EmitAsync(chain, answer.Records, null, new HashSet<long>(), whole, cancellationToken);
            window = upper;
            sample = answer.Records;
        }
    }

    /// <summary>
    /// Reads <paramref name="window"/> by page numbers. With <paramref name="settle"/>, the window counts as read whole
    /// only when Harvest's count did not move during the walk (otherwise it is read again, a few times at most).
    /// </summary>
    private async Task PageNumbersAsync(int chain, ListQuery query, DateWindow window, bool settle, CancellationToken cancellationToken)
    {
        var windowQuery = window.Apply(query);
        DateWindow remaining;
        lock (_remaining)
            remaining = _remaining[chain];
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
                await EmitAsync(chain, page.Records, null, new HashSet<long>(), remaining, cancellationToken);
            }, cancellationToken);
            if (!settle)
                return;
            var recount = await IdSweep.CountAsync(client, run, windowQuery, cancellationToken);
            if (totals.Count == 1 && totals.Single() == recount && ids.Count == recount)
            {
                await EmitAsync(chain, [], window, ids, remaining, cancellationToken);
                return;
            }
            if (attempt >= DayAttempts)
            {
                Exact = false;   // Harvest kept changing this day: no deletion is inferred from it; the deletion check comes back to it.
                return;
            }
        }
    }

    private int NewChain(DateWindow window)
    {
        lock (_remaining)
        {
            int chain = _nextChain++;
            _remaining[chain] = window;
            return chain;
        }
    }

    /// <summary>
    /// Hands a step to the committer with the checkpoint it leaves: <paramref name="chain"/>'s window still to read
    /// (null: the chain is done) and the other chains' as they are. Steps are queued in order, so a checkpoint never
    /// runs ahead of what is committed.
    /// </summary>
    private async Task EmitAsync(int chain, IReadOnlyList<HarvestRecord> records, DateWindow? settled, IReadOnlySet<long> settledIds,
        DateWindow? remaining, CancellationToken cancellationToken)
    {
        await _emitting.WaitAsync(cancellationToken);
        try
        {
            string? checkpoint;
            lock (_remaining)
            {
                if (remaining is { } left)
                    _remaining[chain] = left;
                else
                    _remaining.Remove(chain);
                checkpoint = Checkpoint(_remaining.Values);
            }
            await _steps!.WriteAsync(new DatedStep(records, settled, settledIds, checkpoint), cancellationToken);
        }
        finally
        {
            _emitting.Release();
        }
    }

    private static bool Whole(HarvestPage page) => page.TotalEntries is not { } total || total <= page.Records.Count;

    private static HashSet<long> Ids(IReadOnlyList<HarvestRecord> records) => records.Select(r => r.Id).ToHashSet();

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

    public void Dispose() => _emitting.Dispose();
}
