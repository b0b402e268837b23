using System.Data.Common;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Store;

/// <summary>Rows a deletion check (or a refresh, or a write) removed from the mirror at one moment for one reason.</summary>
public sealed record DeletionGroup(string Resource, string Reason, DateTimeOffset At, long Rows);

/// <summary>Reads <c>sync_deletions</c>, which <see cref="RowDeletion"/> writes: what left the mirror, grouped for people to read.</summary>
internal static class DeletionLog
{
    /// <summary>How far back (in logged rows) the log is read: keeps the query cheap on a mirror with a long history.</summary>
    private const int RecentRows = 5000;

    /// <summary>The newest <paramref name="groups"/> groups, newest first.</summary>
    public static async Task<IReadOnlyList<DeletionGroup>> RecentAsync(DbConnection connection, int groups, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT resource, reason, deleted_at, count(*) FROM {SyncTables.Deletions}
            WHERE id > (SELECT coalesce(max(id), 0) - {RecentRows} FROM {SyncTables.Deletions})
            GROUP BY resource, reason, deleted_at ORDER BY max(id) DESC LIMIT @groups;
            """;
        command.AddParameter("@groups", groups);
        var entries = new List<DeletionGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new DeletionGroup(reader.GetString(0), reader.GetString(1), (DateTimeOffset)MirrorDialect.Of(connection).Read(FieldType.Timestamp, reader, 2)!, reader.GetInt64(3)));
        return entries;
    }
}
