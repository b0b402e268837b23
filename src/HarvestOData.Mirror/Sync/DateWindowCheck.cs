using System.Data.Common;
using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Finds deleted (and missing) rows of a dated list at a cost that follows what changed, not the account's size. One
/// <c>per_page=1</c> call gives Harvest's count of a window and its first row; the window starts open at both ends, so
/// rows dated before or after anything the mirror holds are counted too. A window agrees when the counts are equal
/// and the first rows agree (for lists sorted by the date: the newest day; otherwise the newest id), a cheap id-level
/// signal that catches a deletion and a creation that cancel out in the count. Where they differ the window is halved
/// at the mirror's median day (open ends stay open), one half is counted (the other half's count follows by
/// subtraction), and only differing halves go on, until one side holds at most a page or the window is one day: that
/// window is swept (<see cref="IdSweep"/>, whole-window answers, upserting as it reads) and the mirror's rows of it
/// that Harvest did not list are deleted. No deletions: one call.
/// </summary>
internal sealed class DateWindowCheck(IHarvestClient client, SyncOptions options)
{
    private const int PageRows = 2000;

    private readonly List<(DateWindow Window, bool Exact)> _swept = [];
    private readonly HashSet<long> _seen = [];
    private SortedDictionary<DateOnly, long> _days = [];
    private string _column = "";

    public async Task RunAsync(PassRun run, string dateColumn, CancellationToken cancellationToken)
    {
        _column = dateColumn;
        long undated;
        await using (var connection = await run.Database.OpenReadOnlyAsync(cancellationToken))
        {
            _days = await Histogram(connection, run.Resource, dateColumn, cancellationToken);
            undated = await Scalar(connection, $"SELECT count(*) FROM {StoredValue.Quote(run.Resource.Name)} WHERE {StoredValue.Quote(dateColumn)} IS NULL;", cancellationToken);
        }
        var (harvest, first) = await IdSweep.ProbeAsync(client, run, ListQuery.All, cancellationToken);
        if (undated > 0)
        {
            // Rows without a date escape every bounded window: compare the totals, and sweep everything when they differ.
            if (harvest != undated + _days.Values.Sum())
                await SweepAsync(run, DateWindow.Open, cancellationToken);
        }
        else
        {
            await CheckAsync(run, DateWindow.Open, harvest, first, cancellationToken);
        }
        if (_swept.Count == 0)
            return;

        var stale = await StaleAsync(run, cancellationToken);
        long deleted = await run.Database.WriteAsync((connection, transaction) =>
            RowDeletion.DeleteAsync(connection, transaction, run.Resource, stale, "not listed by Harvest (deletion check)", run.Time.GetUtcNow(), cascade: true, cancellationToken),
            cancellationToken);
        run.CountDeleted(deleted);
    }

    private async Task CheckAsync(PassRun run, DateWindow window, long harvest, HarvestRecord? harvestFirst, CancellationToken cancellationToken)
    {
        long mirrored = Rows(window);
        if (harvest == mirrored && await SameFirstAsync(run, window, harvestFirst, cancellationToken))
            return;
        if (mirrored <= PageRows || harvest <= PageRows || window.IsSingleDay || Days(window).Count < 2)
        {
            await SweepAsync(run, window, cancellationToken);
            return;
        }
        var middle = Median(window, mirrored);
        var left = window with { To = middle };
        var right = window with { From = middle.AddDays(1) };
        var (leftCount, leftFirst) = await IdSweep.ProbeAsync(client, run, left.Apply(ListQuery.All), cancellationToken);
        await CheckAsync(run, left, leftCount, leftFirst, cancellationToken);
        // The right half's first row is the window's when the list is sorted by the date; otherwise it is probed with its count.
        if (run.Resource.ListedNewestDateFirst)
        {
            await CheckAsync(run, right, harvest - leftCount, harvestFirst, cancellationToken);
        }
        else
        {
            var (rightCount, rightFirst) = await IdSweep.ProbeAsync(client, run, right.Apply(ListQuery.All), cancellationToken);
            await CheckAsync(run, right, rightCount, rightFirst, cancellationToken);
        }
    }

    private async Task SweepAsync(PassRun run, DateWindow window, CancellationToken cancellationToken)
    {
        var sweep = await IdSweep.RunAsync(client, run, window.Apply(ListQuery.All), options.ParallelPages, cancellationToken);
        _seen.UnionWith(sweep.Ids);
        _swept.Add((window, sweep.Exact));
    }

    /// <summary>
    /// Whether Harvest's first row of <paramref name="window"/> is the one the mirror would list first: the newest day
    /// for lists sorted by the date, the newest id for lists sorted newest created first.
    /// </summary>
    private async Task<bool> SameFirstAsync(PassRun run, DateWindow window, HarvestRecord? harvestFirst, CancellationToken cancellationToken)
    {
        if (harvestFirst is null)
            return Rows(window) == 0;
        if (run.Resource.ListedNewestDateFirst)
            return Days(window).Select(d => (DateOnly?)d.Key).LastOrDefault() == harvestFirst[_column] as DateOnly?;
        await using var connection = await run.Database.OpenReadOnlyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        string where = window.Where(_column, command);
        command.CommandText = $"SELECT max(id) FROM {StoredValue.Quote(run.Resource.Name)} WHERE {where};";
        return await command.ExecuteScalarAsync(cancellationToken) is long newest && newest == harvestFirst.Id;
    }

    /// <summary>The day that splits the window's mirror rows in two halves; always leaves both halves a day.</summary>
    private DateOnly Median(DateWindow window, long rows)
    {
        var days = Days(window);
        long half = rows / 2, seen = 0;
        var median = days[0].Key;
        foreach (var (day, count) in days)
        {
            median = day;
            seen += count;
            if (seen >= half)
                break;
        }
        // The right half must hold at least the newest day the mirror has in the window.
        return median >= days[^1].Key ? days[^2].Key : median;
    }

    private List<KeyValuePair<DateOnly, long>> Days(DateWindow window) => _days.Where(d => window.Contains(d.Key)).ToList();

    private long Rows(DateWindow window) => Days(window).Sum(d => d.Value);

    /// <summary>
    /// Mirror rows of the swept windows that no sweep listed. A window that was not read as whole-window answers (a day
    /// that kept changing) is swept again before a row is believed gone.
    /// </summary>
    private async Task<List<long>> StaleAsync(PassRun run, CancellationToken cancellationToken)
    {
        var stale = new List<long>();
        foreach (var (window, exact) in _swept)
        {
            List<long> ids;
            await using (var connection = await run.Database.OpenReadOnlyAsync(cancellationToken))
                ids = await MirrorIds.InWindowAsync(connection, null, run.Resource, window, cancellationToken);
            var missing = ids.Where(id => !_seen.Contains(id)).ToList();
            if (!exact && missing.Count > 0)
            {
                var again = await IdSweep.RunAsync(client, run, window.Apply(ListQuery.All), options.ParallelPages, cancellationToken);
                missing.RemoveAll(again.Ids.Contains);
            }
            stale.AddRange(missing);
        }
        return stale;
    }

    private static async Task<SortedDictionary<DateOnly, long>> Histogram(DbConnection connection, ResourceDefinition resource, string dateColumn, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        string column = StoredValue.Quote(dateColumn);
        command.CommandText = $"SELECT {column}, count(*) FROM {StoredValue.Quote(resource.Name)} WHERE {column} IS NOT NULL GROUP BY {column};";
        var days = new SortedDictionary<DateOnly, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days[(DateOnly)MirrorDialect.Of(connection).Read(FieldType.Date, reader, 0)!] = reader.GetInt64(1);
        return days;
    }

    private static async Task<long> Scalar(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
