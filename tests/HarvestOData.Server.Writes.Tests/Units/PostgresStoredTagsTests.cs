using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Writes;
using HarvestOData.Server.OData.Writes.Concurrency;
using Npgsql;

namespace HarvestOData.Server.Writes.Tests.Units;

/// <summary>On a PostgreSQL mirror (timestamptz, not text) a row's stored tag is the one reads serve for it.</summary>
public sealed class PostgresStoredTagsTests
{
    [Fact]
    public async Task The_tag_of_a_stored_row_matches_the_read_tag_and_a_missing_table_is_a_503()
    {
        string connectionString = PostgresCluster.Shared.CreateDatabase("tags");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE TABLE time_entries (id bigint, updated_at timestamptz, row_version bigint); INSERT INTO time_entries VALUES (5, '2024-03-01T09:30:00Z', 3);", connection);
            await command.ExecuteNonQueryAsync();
        }
        var database = new MirrorDatabase(Microsoft.Extensions.Options.Options.Create(new MirrorOptions { Provider = MirrorDialect.PostgresProvider, ConnectionString = connectionString }));
        var tags = new StoredTags(database);

        Assert.Equal("W/\"2024-03-01T09:30:00Z;3\"", await tags.TagAsync(EntityCatalog.Get("time_entries"), 5, CancellationToken.None));
        Assert.Null(await tags.TagAsync(EntityCatalog.Get("time_entries"), 6, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<WriteException>(() => tags.TagAsync(EntityCatalog.Get("projects"), 1, CancellationToken.None));
        Assert.Equal(503, missing.Status);
    }
}
