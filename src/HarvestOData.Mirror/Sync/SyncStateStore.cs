using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror.Sync;

/// <summary>Reads and writes <c>sync_state</c>; writes go through the caller's transaction so they commit with the data.</summary>
public sealed class SyncStateStore(MirrorDatabase database)
{
    public async Task<SyncState> ReadAsync(string resource, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        return await ReadAsync(connection, null, resource, cancellationToken);
    }

    /// <summary>Every resource's state, in catalog order (resources never passed show defaults).</summary>
    public async Task<IReadOnlyList<SyncState>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        var states = new List<SyncState>();
        foreach (var resource in EntityCatalog.Fetched)
            states.Add(await ReadAsync(connection, null, resource.Name, cancellationToken));
        return states;
    }

    public static async Task<SyncState> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string resource, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT * FROM {SyncTables.State} WHERE resource = $resource;";
        command.Parameters.AddWithValue("$resource", resource);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new SyncState { Resource = resource };
        return new SyncState
        {
            Resource = resource,
            Rows = Long(reader, "rows") ?? 0,
            Cursor = Time(reader, "cursor"),
            LastSuccessAt = Time(reader, "last_success_at"),
            LastPass = Text(reader, "last_pass"),
            LastPassCalls = Long(reader, "last_pass_calls"),
            LastPassChanged = Long(reader, "last_pass_changed"),
            LastError = Text(reader, "last_error"),
            LastErrorAt = Time(reader, "last_error_at"),
            PassKind = Text(reader, "pass_kind"),
            PassStartedAt = Time(reader, "pass_started_at"),
            PassSince = Time(reader, "pass_since"),
            PassNext = Text(reader, "pass_next"),
            PassResumeWindows = Text(reader, "pass_resume_windows"),
            PassMaxSeen = Time(reader, "pass_max_seen"),
            PagesDone = (int?)Long(reader, "pages_done"),
            PagesKnown = (int?)Long(reader, "pages_known"),
            NextRunAt = Time(reader, "next_run_at"),
            LastReconcileAt = Time(reader, "last_reconcile_at"),
            LastReconcileDeleted = Long(reader, "last_reconcile_deleted"),
            LastChildSweepAt = Time(reader, "last_child_sweep_at"),
            LeaseOwner = Text(reader, "lease_owner"),
            LeaseUntil = Time(reader, "lease_until"),
        };
    }

    /// <summary>Sets the given <c>sync_state</c> columns of <paramref name="resource"/> (creating its row when missing).</summary>
    public static async Task<int> UpdateAsync(SqliteConnection connection, SqliteTransaction transaction, string resource,
        CancellationToken cancellationToken, params (string Column, object? Value)[] values)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT OR IGNORE INTO {SyncTables.State} (resource, rows) VALUES ($resource, 0);";
        command.Parameters.AddWithValue("$resource", resource);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (values.Length == 0)
            return 0;
        command.CommandText = $"UPDATE {SyncTables.State} SET {string.Join(", ", values.Select((v, i) => $"{v.Column} = $v{i}"))} WHERE resource = $resource;";
        for (int i = 0; i < values.Length; i++)
            command.Parameters.AddWithValue("$v" + i, Storage(values[i].Value));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows of <paramref name="resource"/> in the mirror, counted in the caller's transaction.</summary>
    public static async Task<long> CountRowsAsync(SqliteConnection connection, SqliteTransaction transaction, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM {StoredValue.Quote(resource.Name)};";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static object Storage(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => StoredValue.Timestamp(t),
        DateOnly d => d.ToString(StoredValue.DateFormat, System.Globalization.CultureInfo.InvariantCulture),
        int i => (long)i,
        _ => value,
    };

    private static string? Text(SqliteDataReader reader, string column)
    {
        int i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    private static long? Long(SqliteDataReader reader, string column)
    {
        int i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetInt64(i);
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, string column) =>
        Text(reader, column) is { } text ? StoredValue.ParseTimestamp(text) : null;
}
