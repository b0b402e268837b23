using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Server.OData.Writes.Mirror;

/// <summary>
/// The few mirror lookups a write needs: the row it changes (for path values such as an assignment's project), an
/// invoice's current line items, the company's timer mode, a user's running timers.
/// </summary>
public sealed class MirrorRows(MirrorDatabase database)
{
    public async Task<HarvestRecord?> FindAsync(ResourceDefinition resource, long id, CancellationToken cancellationToken)
    {
        var rows = await WhereAsync(resource, cancellationToken, resource.Kind == ResourceKind.Singleton ? [] : [("id", id)]).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <summary>Ids of rows whose <paramref name="column"/> equals <paramref name="value"/> (an invoice's line items).</summary>
    public async Task<List<long>> IdsWhereAsync(ResourceDefinition resource, string column, object value, CancellationToken cancellationToken)
    {
        var rows = await WhereAsync(resource, cancellationToken, (column, value)).ConfigureAwait(false);
        return rows.Select(r => r.Id).ToList();
    }

    /// <summary>Rows matching every (column, value) condition, in id order.</summary>
    public async Task<List<HarvestRecord>> WhereAsync(ResourceDefinition resource, CancellationToken cancellationToken, params (string Column, object Value)[] conditions)
    {
        try
        {
            return await ReadAsync(resource, conditions, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 14 || e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase))
        {
            throw new WriteException(503, "MirrorUnavailable", "The mirror is not ready yet; the first sync is still running.") { RetryAfter = TimeSpan.FromSeconds(5) };
        }
    }

    private async Task<List<HarvestRecord>> ReadAsync(ResourceDefinition resource, (string Column, object Value)[] conditions, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        string columns = string.Join(", ", resource.Fields.Select(f => StoredValue.Quote(f.Column)));
        string where = string.Join(" AND ", conditions.Select((c, i) => $"{StoredValue.Quote(c.Column)} = $v{i}"));
        command.CommandText = $"SELECT {columns} FROM {StoredValue.Quote(resource.Name)}" + (where.Length == 0 ? "" : " WHERE " + where) + " ORDER BY id;";
        for (int i = 0; i < conditions.Length; i++)
            command.Parameters.AddWithValue("$v" + i, conditions[i].Value);
        var records = new List<HarvestRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = new HarvestRecord(resource);
            for (int i = 0; i < resource.Fields.Count; i++)
                record[resource.Fields[i].Column] = StoredValue.Read(resource.Fields[i].Type, reader, i);
            records.Add(record);
        }
        return records;
    }
}
