using System.Data.Common;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// Removes rows Harvest no longer has, with what hangs off them: embedded children (line items), per-parent lists
/// (messages, payments, rates), owned link rows, and, when asked, the rows Harvest deletes with them (a project's
/// time entries, expenses and assignments). Every removed row is logged in <c>sync_deletions</c>.
/// </summary>
public static class RowDeletion
{
    /// <summary>Deletes <paramref name="ids"/> of <paramref name="resource"/>; returns how many rows left the mirror, dependants included.</summary>
    public static async Task<int> DeleteAsync(DbConnection connection, DbTransaction transaction, ResourceDefinition resource,
        IReadOnlyCollection<long> ids, string reason, DateTimeOffset now, bool cascade, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return 0;
        object idList = MirrorDialect.Of(connection).IdList(ids);
        int removed = await DeleteWhere(connection, transaction, resource, "id", idList, reason, now, cancellationToken);

        foreach (var child in EntityCatalog.All.Where(r => r.Parent == resource.Name))
            removed += await DeleteWhere(connection, transaction, child, child.ParentColumn!, idList, $"parent {resource.Name} deleted", now, cancellationToken);
        foreach (var link in resource.Links)
            await Execute(connection, transaction, $"DELETE FROM {StoredValue.Quote(link.Table)} WHERE {StoredValue.Quote(link.OwnerColumn)} IN ({IdsSql(connection)});", idList, cancellationToken);
        foreach (var (dependant, column) in cascade ? resource.CascadeDeletes : [])
        {
            var dependantResource = EntityCatalog.Get(dependant);
            var dependantIds = await SelectIds(connection, transaction, dependantResource, column, idList, cancellationToken);
            removed += await DeleteAsync(connection, transaction, dependantResource, dependantIds, $"{resource.Name} deleted in Harvest (cascade)", now, cascade: false, cancellationToken);
        }
        return removed;
    }

    /// <summary>The ids bound as <c>@ids</c>, as rows.</summary>
    private static string IdsSql(DbConnection connection) => $"SELECT value FROM {MirrorDialect.Of(connection).IdTable("@ids")}";

    private static async Task<int> DeleteWhere(DbConnection connection, DbTransaction transaction, ResourceDefinition resource,
        string column, object idList, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string table = StoredValue.Quote(resource.Name), where = $"{StoredValue.Quote(column)} IN ({IdsSql(connection)})";
        await using var log = connection.CreateCommand();
        log.Transaction = transaction;
        log.CommandText = $"INSERT INTO {SyncTables.Deletions} (resource, row_id, deleted_at, reason) SELECT @resource, id, @now, @reason FROM {table} WHERE {where};";
        log.AddParameter("@ids", idList);
        log.AddParameter("@resource", resource.Name);
        log.AddParameter("@now", MirrorDialect.Of(connection).ToStorage(FieldType.Timestamp, now));
        log.AddParameter("@reason", reason);
        await log.ExecuteNonQueryAsync(cancellationToken);
        return await Execute(connection, transaction, $"DELETE FROM {table} WHERE {where};", idList, cancellationToken);
    }

    private static async Task<List<long>> SelectIds(DbConnection connection, DbTransaction transaction, ResourceDefinition resource,
        string column, object idList, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id FROM {StoredValue.Quote(resource.Name)} WHERE {StoredValue.Quote(column)} IN ({IdsSql(connection)});";
        command.AddParameter("@ids", idList);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static async Task<int> Execute(DbConnection connection, DbTransaction transaction, string sql, object idList, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.AddParameter("@ids", idList);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
