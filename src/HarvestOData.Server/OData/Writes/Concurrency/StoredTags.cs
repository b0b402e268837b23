using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Server.OData.Writes.Concurrency;

/// <summary>A mirrored row's <c>updated_at</c> and row version as stored now: what a read of it would carry as its tag.</summary>
public sealed class StoredTags(MirrorDatabase database)
{
    /// <summary>The row's version, or null when the mirror holds no such row or the resource carries no tags.</summary>
    public async Task<long?> VersionAsync(ResourceDefinition resource, long id, CancellationToken cancellationToken) =>
        (await ReadAsync(resource, id, cancellationToken).ConfigureAwait(false))?.Version;

    /// <summary>The row's entity tag as reads serve it, or null (no such row, no <c>updated_at</c>).</summary>
    public async Task<string?> TagAsync(ResourceDefinition resource, long id, CancellationToken cancellationToken) =>
        await ReadAsync(resource, id, cancellationToken).ConfigureAwait(false) is { UpdatedAt: { } stamp } row
            ? EntityTag.Of(stamp, row.Version)
            : null;

    private async Task<(DateTimeOffset? UpdatedAt, long Version)?> ReadAsync(ResourceDefinition resource, long id, CancellationToken cancellationToken)
    {
        if (!RowVersion.Applies(resource))
            return null;
        try
        {
            await using var connection = await database.OpenReadOnlyAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredValue.Quote(CatalogNames.UpdatedAt)}, {StoredValue.Quote(RowVersion.Column)}"
                + $" FROM {StoredValue.Quote(resource.Name)} WHERE \"id\" = @id;";
            command.AddParameter("@id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            // Through the dialect: SQLite stores the stamp as text, PostgreSQL as timestamptz; the tag prints it one way.
            return ((DateTimeOffset?)database.Dialect.Read(FieldType.Timestamp, reader, 0), reader.GetInt64(1));
        }
        catch (Exception e) when (Mirror.MirrorRows.NotCreatedYet(e))
        {
            throw new WriteException(503, "MirrorUnavailable", "The mirror is not ready yet; the first sync is still running.") { RetryAfter = TimeSpan.FromSeconds(5) };
        }
    }
}
