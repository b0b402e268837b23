using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>The mirror's ids of a dated resource inside a <see cref="DateWindow"/>: what a whole-window answer is compared with.</summary>
internal static class MirrorIds
{
    public static async Task<List<long>> InWindowAsync(DbConnection connection, DbTransaction? transaction, ResourceDefinition resource,
        DateWindow window, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        string where = resource.DateWindowColumn is { } column ? window.Where(column, command) : "1 = 1";
        command.CommandText = $"SELECT id FROM {StoredValue.Quote(resource.Name)} WHERE {where};";
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }
}
