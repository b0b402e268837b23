using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>What the mirror file says about itself at one moment (see <see cref="MirrorStatus"/>).</summary>
/// <param name="States">Every fetched resource's <see cref="SyncState"/>, by resource name.</param>
/// <param name="EmbeddedRows">Rows of each embedded resource (line items), which have no state of their own.</param>
/// <param name="Deletions">The newest groups of removed rows, newest first.</param>
public sealed record MirrorSnapshot(
    IReadOnlyDictionary<string, SyncState> States,
    IReadOnlyDictionary<string, long> EmbeddedRows,
    IReadOnlyList<DeletionGroup> Deletions);

/// <summary>
/// The mirror's own account of its sync, for status pages and health checks: read from the file alone, so it works
/// from the CLI without a server, and without a mirror (nothing synced yet) it says so instead of failing.
/// </summary>
public sealed class MirrorStatus(MirrorDatabase database)
{
    /// <summary>The state, row counts and recent deletions; null while the mirror file or its tables do not exist yet.</summary>
    public async Task<MirrorSnapshot?> ReadAsync(int deletionGroups, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenIfCreatedAsync(cancellationToken);
        if (connection is null)
            return null;
        var states = (await SyncStateStore.ReadAllAsync(connection, cancellationToken)).ToDictionary(s => s.Resource, StringComparer.Ordinal);
        var embeddedRows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var resource in EntityCatalog.All.Where(r => r.Kind == ResourceKind.Embedded))
            embeddedRows[resource.Name] = await MirrorReader.CountAsync(connection, null, resource, cancellationToken);
        return new MirrorSnapshot(states, embeddedRows, await DeletionLog.RecentAsync(connection, deletionGroups, cancellationToken));
    }

    /// <summary>Fetched resources whose first full pass has not finished yet (all of them before the mirror exists).</summary>
    public async Task<IReadOnlyList<string>> NotReadyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenIfCreatedAsync(cancellationToken);
        if (connection is null)
            return EntityCatalog.Fetched.Select(r => r.Name).ToList();
        return (await SyncStateStore.ReadAllAsync(connection, cancellationToken)).Where(s => s.LastSuccessAt is null).Select(s => s.Resource).ToList();
    }

    private async Task<DbConnection?> OpenIfCreatedAsync(CancellationToken cancellationToken)
    {
        if (database.FilePath is { } file && !File.Exists(file))
            return null;
        var connection = await database.OpenReadOnlyAsync(cancellationToken);
        foreach (string table in new[] { SyncTables.State, SyncTables.Deletions })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = database.Dialect.TableExistsSql;
            command.AddParameter("@name", table);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                await connection.DisposeAsync();
                return null;
            }
        }
        return connection;
    }
}
