using System.Collections.Concurrent;
using System.Data.Common;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// The hot path: one page of records written with a prepared, parameterised
/// <c>INSERT … ON CONFLICT(id) DO UPDATE … WHERE something differs</c>, on the caller's connection and transaction
/// (so the page commits with its checkpoint). Embedded children (line items) and link rows (role users) are replaced
/// with every parent. Reports which rows really changed, so unchanged re-reads (the overlap) cost nothing downstream.
/// A record older than the stored row (by <c>updated_at</c>) is ignored: a sync page fetched before a write-back
/// may commit after it, and must not put the older row back. Every real change bumps the row's <see cref="RowVersion"/>.
/// </summary>
public sealed class PageUpsert
{
    private static readonly ConcurrentDictionary<string, PageUpsert> Cache = new(StringComparer.Ordinal);

    private readonly ResourceDefinition _resource;
    private readonly ConcurrentDictionary<MirrorDialect, string> _sql = new();
    private readonly string? _storedUpdatedAtSql;
    private readonly bool _rowsOnly;

    /// <summary>Statements sent in one round trip by the batched path (one per record).</summary>
    private const int BatchRows = 500;

    private PageUpsert(ResourceDefinition resource)
    {
        _resource = resource;
        // Children and links ride on their parent: when the parent record is stale, they are stale too.
        if (HasUpdatedAt(resource) && (EntityCatalog.EmbeddedIn(resource).Any() || resource.Links.Count > 0))
            _storedUpdatedAtSql = $"SELECT \"updated_at\" FROM {StoredValue.Quote(resource.Name)} WHERE \"id\" = @id;";
        _rowsOnly = _storedUpdatedAtSql is null && !EntityCatalog.EmbeddedIn(resource).Any() && resource.Links.Count == 0;
    }

    private string Sql(MirrorDialect dialect) => _sql.GetOrAdd(dialect, d =>
    {
        string table = StoredValue.Quote(_resource.Name);
        var columns = _resource.Fields.Select(f => StoredValue.Quote(f.Column)).ToArray();
        var updates = _resource.Fields.Where(f => !f.IsKey).Select(f => StoredValue.Quote(f.Column)).ToArray();
        // The row version starts at 1 and counts every update that really changes the row (the WHERE below).
        bool versioned = RowVersion.Applies(_resource);
        string version = StoredValue.Quote(RowVersion.Column);
        return $"INSERT INTO {table} ({string.Join(", ", columns)}{(versioned ? ", " + version : "")})"
            + $" VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))}{(versioned ? ", 1" : "")})"
            + $" ON CONFLICT(\"id\") DO UPDATE SET {string.Join(", ", updates.Select(c => $"{c} = excluded.{c}"))}"
            + (versioned ? $", {version} = {table}.{version} + 1" : "")
            + $" WHERE ({string.Join(" OR ", updates.Select(c => d.Differs($"{table}.{c}", $"excluded.{c}")))})"
            + (HasUpdatedAt(_resource) ? $" AND NOT ({table}.\"updated_at\" > excluded.\"updated_at\")" : "") + ";";
    });

    private static bool HasUpdatedAt(ResourceDefinition resource) => resource.FindField("updated_at") is not null;

    public static PageUpsert For(ResourceDefinition resource) => Cache.GetOrAdd(resource.Name, _ => new PageUpsert(resource));

    /// <summary>
    /// Writes <paramref name="records"/>; returns the ids of rows that were inserted or whose stored values changed.
    /// <paramref name="parentId"/> sets the parent column of per-parent and embedded rows.
    /// </summary>
    public async Task<IReadOnlyList<long>> UpsertAsync(DbConnection connection, DbTransaction transaction,
        IEnumerable<HarvestRecord> records, long? parentId = null, CancellationToken cancellationToken = default)
    {
        var dialect = MirrorDialect.Of(connection);
        // Rows are taken in id order, as write-back takes them: concurrent writers of the same rows then wait for each
        // other instead of deadlocking on PostgreSQL (OrderBy is stable, so a repeated id keeps its last answer last).
        records = records.OrderBy(r => r.Id);
        if (_rowsOnly && connection.CanCreateBatch)
            return await UpsertBatchedAsync(connection, transaction, records, parentId, dialect, cancellationToken);
        var changed = new List<long>();
        await using var command = Prepare(connection, transaction, dialect);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SetParent(record, parentId);
            if (await IsOlderThanStoredAsync(connection, transaction, record, cancellationToken))
                continue;
            Bind(command.Parameters, record, dialect);
            if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
                changed.Add(record.Id);
            foreach (var child in EntityCatalog.EmbeddedIn(_resource))
                await ReplaceChildren(connection, transaction, record, child, cancellationToken);
            foreach (var link in _resource.Links)
                await ReplaceLinks(connection, transaction, record, link, cancellationToken);
        }
        return changed;
    }

    /// <summary>
    /// The same statement per record, <see cref="BatchRows"/> records to a round trip (PostgreSQL): one statement at a
    /// time cost a network round trip per row, so a 2000-row page took longer to write than Harvest took to send it, and
    /// the first minutes of a mirror (few date windows, each waiting on its last page's write) ran far below the throttle.
    /// Only for rows with nothing riding on them (no children, links or stale check between rows).
    /// </summary>
    private async Task<IReadOnlyList<long>> UpsertBatchedAsync(DbConnection connection, DbTransaction transaction,
        IEnumerable<HarvestRecord> records, long? parentId, MirrorDialect dialect, CancellationToken cancellationToken)
    {
        var changed = new List<long>();
        string sql = Sql(dialect);
        foreach (var chunk in records.Chunk(BatchRows))
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var record in chunk)
            {
                SetParent(record, parentId);
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                for (int i = 0; i < _resource.Fields.Count; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@p" + i;
                    dialect.SetType(parameter, _resource.Fields[i].Type);
                    command.Parameters.Add(parameter);
                }
                Bind(command.Parameters, record, dialect);
                batch.BatchCommands.Add(command);
            }
            // Prepared: the 500 statements share one server-side statement (Npgsql keys it by its text), parsed and planned
            // once per connection, not once per row (4 x faster than the same batch unprepared, measured on this machine).
            await batch.PrepareAsync(cancellationToken);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (int i = 0; i < chunk.Length; i++)
            {
                if (batch.BatchCommands[i].RecordsAffected > 0)
                    changed.Add(chunk[i].Id);
            }
        }
        return changed;
    }

    private async Task<bool> IsOlderThanStoredAsync(DbConnection connection, DbTransaction transaction, HarvestRecord record,
        CancellationToken cancellationToken)
    {
        if (_storedUpdatedAtSql is null || record.UpdatedAt is not { } incoming)
            return false;
        await using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = _storedUpdatedAtSql;
        query.AddParameter("@id", record.Id);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        // Compared at the stored (second) precision, as the upsert's own WHERE compares the columns.
        return await reader.ReadAsync(cancellationToken)
            && MirrorDialect.Of(connection).Read(FieldType.Timestamp, reader, 0) is DateTimeOffset stored
            && stored > StoredValue.ParseTimestamp(StoredValue.Timestamp(incoming));
    }

    private DbCommand Prepare(DbConnection connection, DbTransaction transaction, MirrorDialect dialect)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql(dialect);
        for (int i = 0; i < _resource.Fields.Count; i++)
            dialect.AddTypedParameter(command, "@p" + i, _resource.Fields[i].Type);
        command.Prepare();
        return command;
    }

    /// <summary>The parent's id is not in Harvest's payload of a child: the list (or the parent) it came from says it.</summary>
    private void SetParent(HarvestRecord record, long? parentId)
    {
        if (parentId is not null && _resource.ParentColumn is { } parentColumn)
            record[parentColumn] = parentId.Value;
    }

    private void Bind(DbParameterCollection parameters, HarvestRecord record, MirrorDialect dialect)
    {
        for (int i = 0; i < _resource.Fields.Count; i++)
        {
            var field = _resource.Fields[i];
            parameters[i].Value = dialect.ToStorage(field.Type, record[field.Column]);
        }
    }

    private static async Task ReplaceChildren(DbConnection connection, DbTransaction transaction, HarvestRecord parent,
        ResourceDefinition child, CancellationToken cancellationToken)
    {
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {StoredValue.Quote(child.Name)} WHERE {StoredValue.Quote(child.ParentColumn!)} = @parent;";
            delete.AddParameter("@parent", parent.Id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (parent.Children.TryGetValue(child.Name, out var rows) && rows.Count > 0)
            await For(child).UpsertAsync(connection, transaction, rows, parent.Id, cancellationToken);
    }

    private static async Task ReplaceLinks(DbConnection connection, DbTransaction transaction, HarvestRecord owner,
        LinkDefinition link, CancellationToken cancellationToken)
    {
        string table = StoredValue.Quote(link.Table), ownerColumn = StoredValue.Quote(link.OwnerColumn);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {table} WHERE {ownerColumn} = @owner;";
        command.AddParameter("@owner", owner.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (!owner.Links.TryGetValue(link.Table, out var targets) || targets.Count == 0)
            return;
        command.CommandText = MirrorDialect.Of(connection).InsertOrIgnore(table, $"{ownerColumn}, {StoredValue.Quote(link.TargetColumn)}", "VALUES (@owner, @target)") + ";";
        var target = command.AddParameter("@target", 0L);
        foreach (long id in targets)
        {
            target.Value = id;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
