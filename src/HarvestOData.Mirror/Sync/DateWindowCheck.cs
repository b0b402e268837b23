using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Finds deleted rows of a dated list at a cost that follows what changed, not the account's size. Harvest's count of
/// the mirror's whole date range (one <c>per_page=1</c> call) is compared with the mirror's; where they differ the range
/// is halved at the mirror's median date, one half is counted (the other half's count follows by subtraction) and
/// only differing halves go on, until a window fits one 2000-row page: that window is swept (one call) and the
/// mirror's rows of it that Harvest did not list are deleted. No deletions: one call.
/// </summary>
internal sealed class DateWindowCheck(IHarvestClient client, SyncOptions options)
{
    private const int PageRows = 2000;

    private readonly List<(DateOnly From, DateOnly To, bool MultiPage)> _swept = [];
    private readonly HashSet<long> _seen = [];
    private SortedDictionary<DateOnly, long> _days = [];

    public async Task RunAsync(PassRun run, string dateColumn, CancellationToken cancellationToken)
    {
        long undated;
        await using (var connection = await run.Database.OpenReadOnlyAsync(cancellationToken))
        {
            _days = await Histogram(connection, run.Resource, dateColumn, cancellationToken);
            undated = await Scalar(connection, $"SELECT count(*) FROM {StoredValue.Quote(run.Resource.Name)} WHERE {StoredValue.Quote(dateColumn)} IS NULL;", cancellationToken);
        }
        bool wholeSwept = false;
        if (undated > 0)
        {
            // Rows without a date escape every window: compare the totals, and sweep everything when they differ.
            long mirrored = undated + _days.Values.Sum();
            if (await IdSweep.CountAsync(client, run, ListQuery.All, cancellationToken) != mirrored)
            {
                _seen.UnionWith((await IdSweep.RunAsync(client, run, ListQuery.All, options.ParallelPages, cancellationToken)).Ids);
                wholeSwept = true;
            }
        }
        else if (_days.Count > 0)
        {
            var (from, to) = (_days.Keys.First(), _days.Keys.Last());
            await CheckAsync(run, from, to, await IdSweep.CountAsync(client, run, Window(from, to), cancellationToken), cancellationToken);
        }
        if (!wholeSwept && _swept.Count == 0)
            return;

        var stale = await StaleAsync(run, dateColumn, wholeSwept, cancellationToken);
        long deleted = await run.Database.WriteAsync((connection, transaction) =>
            RowDeletion.DeleteAsync(connection, transaction, run.Resource, stale, "not listed by Harvest (deletion check)", run.Time.GetUtcNow(), cascade: true, cancellationToken),
            cancellationToken);
        run.CountDeleted(deleted);
    }

    private async Task CheckAsync(PassRun run, DateOnly from, DateOnly to, long harvest, CancellationToken cancellationToken)
    {
        long mirrored = Rows(from, to);
        if (harvest == mirrored)
            return;
        if ((mirrored <= PageRows && harvest <= PageRows) || from == to)
        {
            var sweep = await IdSweep.RunAsync(client, run, Window(from, to), options.ParallelPages, cancellationToken);
            _seen.UnionWith(sweep.Ids);
            _swept.Add((from, to, sweep.Pages > 1));
            return;
        }
        var middle = Median(from, to, mirrored);
        long left = await IdSweep.CountAsync(client, run, Window(from, middle), cancellationToken);
        await CheckAsync(run, from, middle, left, cancellationToken);
        await CheckAsync(run, middle.AddDays(1), to, harvest - left, cancellationToken);
    }

    /// <summary>The day that splits the window's mirror rows in two halves; always leaves the right half non-empty.</summary>
    private DateOnly Median(DateOnly from, DateOnly to, long rows)
    {
        long half = rows / 2, seen = 0;
        var median = from;
        foreach (var (day, count) in _days.Where(d => d.Key >= from && d.Key <= to))
        {
            median = day;
            seen += count;
            if (seen >= half)
                break;
        }
        if (median >= to)
            median = to.AddDays(-1);
        return median < from ? from : median;
    }

    private long Rows(DateOnly from, DateOnly to) => _days.Where(d => d.Key >= from && d.Key <= to).Sum(d => d.Value);

    private static ListQuery Window(DateOnly from, DateOnly to) => new() { From = from, To = to };

    /// <summary>Mirror rows of the swept windows that no sweep listed. Multi-page windows are swept twice before a row is believed gone (page numbers shift when Harvest deletes mid-walk).</summary>
    private async Task<List<long>> StaleAsync(PassRun run, string dateColumn, bool whole, CancellationToken cancellationToken)
    {
        var stale = new List<long>();
        await using var connection = await run.Database.OpenReadOnlyAsync(cancellationToken);
        var windows = whole ? [(DateOnly.MinValue, DateOnly.MaxValue, false)] : _swept;
        foreach (var (from, to, multiPage) in windows)
        {
            var missing = (await IdsAsync(connection, run.Resource, dateColumn, whole ? null : (from, to), cancellationToken)).Where(id => !_seen.Contains(id)).ToList();
            if (multiPage && missing.Count > 0)
            {
                var again = await IdSweep.RunAsync(client, run, Window(from, to), options.ParallelPages, cancellationToken);
                missing.RemoveAll(again.Ids.Contains);
            }
            stale.AddRange(missing);
        }
        return stale;
    }

    private static async Task<List<long>> IdsAsync(SqliteConnection connection, ResourceDefinition resource, string dateColumn,
        (DateOnly From, DateOnly To)? window, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {StoredValue.Quote(resource.Name)}"
            + (window is null ? ";" : $" WHERE {StoredValue.Quote(dateColumn)} BETWEEN $from AND $to;");
        if (window is { } w)
        {
            command.Parameters.AddWithValue("$from", w.From.ToString(StoredValue.DateFormat, CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$to", w.To.ToString(StoredValue.DateFormat, CultureInfo.InvariantCulture));
        }
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static async Task<SortedDictionary<DateOnly, long>> Histogram(SqliteConnection connection, ResourceDefinition resource, string dateColumn, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        string column = StoredValue.Quote(dateColumn);
        command.CommandText = $"SELECT {column}, count(*) FROM {StoredValue.Quote(resource.Name)} WHERE {column} IS NOT NULL GROUP BY {column};";
        var days = new SortedDictionary<DateOnly, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days[DateOnly.ParseExact(reader.GetString(0), StoredValue.DateFormat, CultureInfo.InvariantCulture)] = reader.GetInt64(1);
        return days;
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
