using HarvestOData.Harvest.Catalog;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror.Store;

/// <summary>Reads mirror rows back as typed <see cref="HarvestRecord"/>s (with embedded children and links), and cheap counts.</summary>
public sealed class MirrorReader(MirrorDatabase database)
{
    /// <summary>Every row of <paramref name="resource"/>, ordered by id, children and links attached.</summary>
    public async Task<List<HarvestRecord>> ReadAllAsync(ResourceDefinition resource, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        var records = await ReadRows(connection, resource, null, cancellationToken);
        var byId = records.ToDictionary(r => r.Id);
        foreach (var child in EntityCatalog.EmbeddedIn(resource))
        {
            foreach (var row in await ReadRows(connection, child, null, cancellationToken))
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

    public async Task<long> CountAsync(ResourceDefinition resource, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        return await CountAsync(connection, resource, cancellationToken);
    }

    public static async Task<long> CountAsync(SqliteConnection connection, ResourceDefinition resource, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {StoredValue.Quote(resource.Name)};";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<HarvestRecord>> ReadRows(SqliteConnection connection, ResourceDefinition resource, string? where, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", resource.Fields.Select(f => StoredValue.Quote(f.Column)))} FROM {StoredValue.Quote(resource.Name)}"
            + (where is null ? "" : " WHERE " + where) + " ORDER BY id;";
        var records = new List<HarvestRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = new HarvestRecord(resource);
            for (int i = 0; i < resource.Fields.Count; i++)
                record[resource.Fields[i].Column] = StoredValue.Read(resource.Fields[i].Type, reader, i);
            records.Add(record);
        }
        return records;
    }
}
