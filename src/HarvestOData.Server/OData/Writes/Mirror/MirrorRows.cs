using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Server.OData.Writes.Mirror;

/// <summary>
/// The few mirror lookups a write needs: the row it changes (for path values such as an assignment's project), an
/// invoice's current line items, the company's timer mode, a user's running timers. Read through the mirror's own
/// <see cref="MirrorReader"/>; a mirror not created yet is a 503 the client retries, not a 500.
/// </summary>
public sealed class MirrorRows(MirrorReader reader)
{
    public Task<HarvestRecord?> FindAsync(ResourceDefinition resource, long id, CancellationToken cancellationToken) =>
        Unavailable(() => reader.FindAsync(resource, id, cancellationToken));

    /// <summary>Ids of rows whose <paramref name="column"/> equals <paramref name="value"/> (an invoice's line items).</summary>
    public async Task<List<long>> IdsWhereAsync(ResourceDefinition resource, string column, object value, CancellationToken cancellationToken)
    {
        var rows = await WhereAsync(resource, cancellationToken, (column, value)).ConfigureAwait(false);
        return rows.Select(r => r.Id).ToList();
    }

    /// <summary>Rows matching every (column, value) condition, in id order.</summary>
    public Task<List<HarvestRecord>> WhereAsync(ResourceDefinition resource, CancellationToken cancellationToken, params (string Column, object Value)[] conditions) =>
        Unavailable(() => reader.WhereAsync(resource, cancellationToken, conditions));

    private static async Task<T> Unavailable<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (NotCreatedYet(e))
        {
            throw new WriteException(503, "MirrorUnavailable", "The mirror is not ready yet; the first sync is still running.") { RetryAfter = TimeSpan.FromSeconds(5) };
        }
    }

    /// <summary>The mirror's file or tables do not exist yet (SQLite: cannot open, no such table; PostgreSQL: undefined table).</summary>
    internal static bool NotCreatedYet(Exception exception) => exception switch
    {
        SqliteException e => e.SqliteErrorCode == 14 || e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase),
        Npgsql.PostgresException e => e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable,
        _ => false,
    };
}
