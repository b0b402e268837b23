using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Server.Status;

/// <summary>Reads the mirror's <c>sync_deletions</c> log: what the deletion checks removed, grouped for people to read.</summary>
public static class DeletionLog
{
    /// <summary>How far back (in logged rows) the page looks: keeps the query cheap on a mirror with a long history.</summary>
    private const int RecentRows = 5000;

    public static async Task<IReadOnlyList<DeletionEntry>> RecentAsync(SqliteConnection connection, int groups, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT resource, reason, deleted_at, count(*) FROM sync_deletions
            WHERE id > (SELECT coalesce(max(id), 0) - {RecentRows} FROM sync_deletions)
            GROUP BY resource, reason, deleted_at ORDER BY max(id) DESC LIMIT $groups;
            """;
        command.Parameters.AddWithValue("$groups", groups);
        var entries = new List<DeletionEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new DeletionEntry(reader.GetString(0), reader.GetString(1), StoredValue.ParseTimestamp(reader.GetString(2)), reader.GetInt64(3)));
        return entries;
    }
}
