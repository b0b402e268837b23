using System.Data.Common;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Store;

/// <summary>Reads mirror rows back as typed <see cref="HarvestRecord"/>s (with embedded children and links), and cheap counts.</summary>
public sealed class MirrorReader(MirrorDatabase database)
{
    /// <summary>Every row of <paramref name="resource"/>, ordered by id, children and links attached.</summary>
    public async Task<List<HarvestRecord>> ReadAllAsync(ResourceDefinition resource, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        var records = await ReadRows(connection, resource, [], cancellationToken);
        var byId = records.ToDictionary(r => r.Id);
        foreach (var child in EntityCatalog.EmbeddedIn(resource))
        {
            foreach (var row in await ReadRows(connection, child, [], cancellationToken))
            {
                if (byId.TryGetValue((long)row[child.ParentColumn!]!, out var parent))
                    (parent.Children.TryGetValue(child.Name, out var list) ? list : parent.Children[child.Name] = []).Add(row);
            }
        }
        foreach (var link in resource.Links)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredValue.Quote(link.OwnerColumn)}, {StoredValue.Quote(link.TargetColumn)} FROM {StoredValue.Quote(link.Table)} ORDER BY 1, 2;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (byId.TryGetValue(reader.GetInt64(0), out var owner))
                    (owner.Links.TryGetValue(link.Table, out var list) ? list : owner.Links[link.Table] = []).Add(reader.GetInt64(1));
            }
        }
        return records;
    }

    /// <summary>
    /// The row of <paramref name="resource"/> with <paramref name="id"/> (a singleton's one row, whatever the id), its own
    /// columns only; null when the mirror does not have it.
    /// </summary>
    public async Task<HarvestRecord?> FindAsync(ResourceDefinition resource, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var rows = await WhereAsync(resource, cancellationToken, resource.Kind == ResourceKind.Singleton ? [] : [("id", id)]);
        return rows.FirstOrDefault();
    }

    /// <summary>Rows of <paramref name="resource"/> matching every (column, value) condition, in id order, own columns only.</summary>
    public async Task<List<HarvestRecord>> WhereAsync(ResourceDefinition resource, CancellationToken cancellationToken,
        params (string Column, object Value)[] conditions)
    {
        ArgumentNullException.ThrowIfNull(resource);
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        return await ReadRows(connection, resource, conditions, cancellationToken);
    }

    public async Task<long> CountAsync(ResourceDefinition resource, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        return await CountAsync(connection, null, resource, cancellationToken);
    }

    internal static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM {StoredValue.Quote(resource.Name)};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<HarvestRecord>> ReadRows(DbConnection connection, ResourceDefinition resource,
        (string Column, object Value)[] conditions, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        string where = string.Join(" AND ", conditions.Select((c, i) => $"{StoredValue.Quote(c.Column)} = @v{i}"));
        command.CommandText = $"SELECT {string.Join(", ", resource.Fields.Select(f => StoredValue.Quote(f.Column)))} FROM {StoredValue.Quote(resource.Name)}"
            + (where.Length == 0 ? "" : " WHERE " + where) + " ORDER BY id;";
        var dialect = MirrorDialect.Of(connection);
        // Bound as the column stores it: a boolean is 1/0 on SQLite but a boolean on PostgreSQL, which compares no bigint with it.
        for (int i = 0; i < conditions.Length; i++)
        {
            var field = resource.FindField(conditions[i].Column);
            command.AddParameter("@v" + i, field is null ? conditions[i].Value : dialect.ToStorage(field.Type, conditions[i].Value));
        }
        var records = new List<HarvestRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = new HarvestRecord(resource);
            for (int i = 0; i < resource.Fields.Count; i++)
                record[resource.Fields[i].Column] = dialect.Read(resource.Fields[i].Type, reader, i);
            records.Add(record);
        }
        return records;
    }
}
