using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Reads and writes <c>sync_state</c> through <see cref="SyncStateColumns"/>; writes go through the caller's transaction
/// so they commit with the data.
/// </summary>
public sealed class SyncStateStore(MirrorDatabase database)
{
    private static readonly string SelectSql =
        $"SELECT {string.Join(", ", SyncStateColumns.All.Select(c => c.Sql))} FROM {SyncTables.State} WHERE resource = @resource;";

    public async Task<SyncState> ReadAsync(string resource, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        return await ReadAsync(connection, null, resource, cancellationToken);
    }

    /// <summary>Every resource's state, in catalog order (resources never passed show defaults).</summary>
    public async Task<IReadOnlyList<SyncState>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        return await ReadAllAsync(connection, cancellationToken);
    }

    internal static async Task<IReadOnlyList<SyncState>> ReadAllAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var states = new List<SyncState>();
        foreach (var resource in EntityCatalog.Fetched)
            states.Add(await ReadAsync(connection, null, resource.Name, cancellationToken));
        return states;
    }

    public static async Task<SyncState> ReadAsync(DbConnection connection, DbTransaction? transaction, string resource, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var dialect = MirrorDialect.Of(connection);
        command.CommandText = SelectSql;
        command.AddParameter("@resource", resource);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var state = new SyncState { Resource = resource };
        if (!await reader.ReadAsync(cancellationToken))
            return state;
        for (int i = 0; i < SyncStateColumns.All.Count; i++)
            state = SyncStateColumns.All[i].Read(state, dialect.Read(SyncStateColumns.All[i].Type, reader, i));
        return state;
    }

    /// <summary>Applies <paramref name="updates"/> to the <c>sync_state</c> row of <paramref name="resource"/> (creating it when missing).</summary>
    public static async Task<int> UpdateAsync(DbConnection connection, DbTransaction transaction, string resource,
        CancellationToken cancellationToken, params SyncStateUpdate[] updates)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var dialect = MirrorDialect.Of(connection);
        command.CommandText = dialect.InsertOrIgnore(SyncTables.State, $"resource, {SyncStateColumns.Rows.Sql}", "VALUES (@resource, 0)") + ";";
        command.AddParameter("@resource", resource);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (updates.Length == 0)
            return 0;
        command.CommandText = $"UPDATE {SyncTables.State} SET {string.Join(", ", updates.Select((u, i) => $"{u.Column.Sql} = @v{i}"))} WHERE resource = @resource;";
        for (int i = 0; i < updates.Length; i++)
            command.AddParameter("@v" + i, dialect.ToStorage(updates[i].Column.Type, updates[i].Value));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows of <paramref name="resource"/> in the mirror, counted in the caller's transaction.</summary>
    public static Task<long> CountRowsAsync(DbConnection connection, DbTransaction transaction, ResourceDefinition resource, CancellationToken cancellationToken) =>
        MirrorReader.CountAsync(connection, transaction, resource, cancellationToken);
}
