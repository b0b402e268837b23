using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// <c>sync_parent_queue</c>: parents whose per-parent lists (invoice messages and payments, estimate messages, user
/// rates) must be read again. Filled in the same transaction as the parent's changed rows, drained by the child's
/// pass one parent per transaction, so a crash on either side loses nothing.
/// </summary>
public static class ParentQueue
{
    /// <summary>Queues <paramref name="parentIds"/> for every resource listed per <paramref name="parent"/>.</summary>
    public static async Task EnqueueAsync(SqliteConnection connection, SqliteTransaction transaction, ResourceDefinition parent,
        IReadOnlyCollection<long> parentIds, CancellationToken cancellationToken)
    {
        if (parentIds.Count == 0)
            return;
        foreach (var child in EntityCatalog.ListedPer(parent))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT OR IGNORE INTO {SyncTables.ParentQueue} (resource, parent_id) SELECT $resource, value FROM json_each($ids);";
            command.Parameters.AddWithValue("$resource", child.Name);
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(parentIds));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Queues every parent in the mirror for <paramref name="child"/> (the periodic full sweep).</summary>
    public static async Task EnqueueAllAsync(SqliteConnection connection, SqliteTransaction transaction, ResourceDefinition child, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT OR IGNORE INTO {SyncTables.ParentQueue} (resource, parent_id) SELECT $resource, id FROM {StoredValue.Quote(child.Parent!)};";
        command.Parameters.AddWithValue("$resource", child.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<List<long>> PendingAsync(SqliteConnection connection, ResourceDefinition child, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT parent_id FROM {SyncTables.ParentQueue} WHERE resource = $resource ORDER BY parent_id;";
        command.Parameters.AddWithValue("$resource", child.Name);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    public static async Task DequeueAsync(SqliteConnection connection, SqliteTransaction transaction, ResourceDefinition child, long parentId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {SyncTables.ParentQueue} WHERE resource = $resource AND parent_id = $parent;";
        command.Parameters.AddWithValue("$resource", child.Name);
        command.Parameters.AddWithValue("$parent", parentId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
