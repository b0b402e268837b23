using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// <c>sync_parent_queue</c>: parents whose per-parent lists (invoice messages and payments, estimate messages, user
/// rates) must be read again. Filled in the same transaction as the parent's changed rows, drained by the child's
/// pass one parent per transaction, so a crash on either side loses nothing.
/// </summary>
public static class ParentQueue
{
    /// <summary>Queues <paramref name="parentIds"/> for every resource listed per <paramref name="parent"/>.</summary>
    public static async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, ResourceDefinition parent,
        IReadOnlyCollection<long> parentIds, CancellationToken cancellationToken)
    {
        if (parentIds.Count == 0)
            return;
        foreach (var child in EntityCatalog.ListedPer(parent))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var dialect = MirrorDialect.Of(connection);
            // WHERE true: SQLite parses "… FROM t ON CONFLICT" as a join without it; harmless elsewhere. In id order, as
            // every writer of the queue inserts: two writers inserting the same keys in different orders deadlock on PostgreSQL.
            command.CommandText = dialect.InsertOrIgnore(SyncTables.ParentQueue, "resource, parent_id",
                $"SELECT @resource, value FROM {dialect.IdTable("@ids")} WHERE true ORDER BY value") + ";";
            command.AddParameter("@resource", child.Name);
            command.AddParameter("@ids", dialect.IdList(parentIds));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Queues every parent in the mirror for <paramref name="child"/> (the periodic full sweep).</summary>
    public static async Task EnqueueAllAsync(DbConnection connection, DbTransaction transaction, ResourceDefinition child, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = MirrorDialect.Of(connection).InsertOrIgnore(SyncTables.ParentQueue, "resource, parent_id",
            $"SELECT @resource, id FROM {StoredValue.Quote(child.Parent!)} WHERE true ORDER BY id") + ";";
        command.AddParameter("@resource", child.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<List<long>> PendingAsync(DbConnection connection, ResourceDefinition child, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT parent_id FROM {SyncTables.ParentQueue} WHERE resource = @resource ORDER BY parent_id;";
        command.AddParameter("@resource", child.Name);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    public static async Task DequeueAsync(DbConnection connection, DbTransaction transaction, ResourceDefinition child, long parentId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {SyncTables.ParentQueue} WHERE resource = @resource AND parent_id = @parent;";
        command.AddParameter("@resource", child.Name);
        command.AddParameter("@parent", parentId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
