using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// Removes rows Harvest no longer has, with what hangs off them: embedded children (line items), per-parent lists
/// (messages, payments, rates), owned link rows, and, when asked, the rows Harvest deletes with them (a project's
/// time entries, expenses and assignments). Every removed row is logged in <c>sync_deletions</c>.
/// </summary>
public static class RowDeletion
{
    /// <summary>Deletes <paramref name="ids"/> of <paramref name="resource"/>; returns how many rows left the mirror, dependants included.</summary>
    public static async Task<int> DeleteAsync(SqliteConnection connection, SqliteTransaction transaction, ResourceDefinition resource,
        IReadOnlyCollection<long> ids, string reason, DateTimeOffset now, bool cascade, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return 0;
        string idList = JsonSerializer.Serialize(ids);
        int removed = await DeleteWhere(connection, transaction, resource, "id", idList, reason, now, cancellationToken);

        foreach (var child in EntityCatalog.All.Where(r => r.Parent == resource.Name))
            removed += await DeleteWhere(connection, transaction, child, child.ParentColumn!, idList, $"parent {resource.Name} deleted", now, cancellationToken);
        foreach (var link in resource.Links)
            await Execute(connection, transaction, $"DELETE FROM {StoredValue.Quote(link.Table)} WHERE {StoredValue.Quote(link.OwnerColumn)} IN (SELECT value FROM json_each($ids));", idList, cancellationToken);
        foreach (var (dependant, column) in cascade ? resource.CascadeDeletes : [])
        {
            var dependantResource = EntityCatalog.Get(dependant);
            var dependantIds = await SelectIds(connection, transaction, dependantResource, column, idList, cancellationToken);
            removed += await DeleteAsync(connection, transaction, dependantResource, dependantIds, $"{resource.Name} deleted in Harvest (cascade)", now, cascade: false, cancellationToken);
        }
        return removed;
    }

    private static async Task<int> DeleteWhere(SqliteConnection connection, SqliteTransaction transaction, ResourceDefinition resource,
        string column, string idList, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string table = StoredValue.Quote(resource.Name), where = $"{StoredValue.Quote(column)} IN (SELECT value FROM json_each($ids))";
        await using var log = connection.CreateCommand();
        log.Transaction = transaction;
        log.CommandText = $"INSERT INTO {SyncTables.Deletions} (resource, row_id, deleted_at, reason) SELECT $resource, id, $now, $reason FROM {table} WHERE {where};";
        log.Parameters.AddWithValue("$ids", idList);
        log.Parameters.AddWithValue("$resource", resource.Name);
        log.Parameters.AddWithValue("$now", StoredValue.Timestamp(now));
        log.Parameters.AddWithValue("$reason", reason);
        await log.ExecuteNonQueryAsync(cancellationToken);
        return await Execute(connection, transaction, $"DELETE FROM {table} WHERE {where};", idList, cancellationToken);
    }

    private static async Task<List<long>> SelectIds(SqliteConnection connection, SqliteTransaction transaction, ResourceDefinition resource,
        string column, string idList, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id FROM {StoredValue.Quote(resource.Name)} WHERE {StoredValue.Quote(column)} IN (SELECT value FROM json_each($ids));";
        command.Parameters.AddWithValue("$ids", idList);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static async Task<int> Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, string idList, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$ids", idList);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
