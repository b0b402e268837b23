using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>The mirror's schema on PostgreSQL: the catalog's tables and columns with native types, the indexes filters use, created once.</summary>
public sealed class PostgresSchemaTests
{
    private static readonly Dictionary<FieldType, string> Types = new()
    {
        [FieldType.Id] = "bigint", [FieldType.Integer] = "bigint", [FieldType.Decimal] = "numeric", [FieldType.Boolean] = "boolean",
        [FieldType.Date] = "date", [FieldType.Timestamp] = "timestamp with time zone", [FieldType.String] = "text",
        [FieldType.ClockTime] = "text", [FieldType.StringList] = "text", [FieldType.Json] = "text",
    };

    [Fact]
    public async Task Every_resource_gets_a_table_with_the_catalog_columns_and_PostgreSQL_types()
    {
        using var store = await TestStore.CreateAsync(provider: MirrorDialect.PostgresProvider);
        foreach (var resource in EntityCatalog.All)
        {
            var columns = (await store.QueryAsync(
                    $"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{resource.Name}'"))
                .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
            var expected = resource.Fields.Select(f => f.Column).Concat(RowVersion.Applies(resource) ? [RowVersion.Column] : []);
            Assert.Equal(expected.Order(), columns.Keys.Order());
            foreach (var field in resource.Fields)
                Assert.True(Types[field.Type] == columns[field.Column], $"{resource.Name}.{field.Column} is {columns[field.Column]}, not {Types[field.Type]}");
            var key = await store.QueryAsync(
                $"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '\"{resource.Name}\"'::regclass AND i.indisprimary");
            Assert.Equal(["id"], key.Select(r => (string)r[0]!));
        }
        var links = await store.QueryAsync(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'role_users'::regclass AND i.indisprimary ORDER BY a.attname");
        Assert.Equal(["role_id", "user_id"], links.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Foreign_key_columns_and_filter_dates_are_indexed()
    {
        using var store = await TestStore.CreateAsync(provider: MirrorDialect.PostgresProvider);
        foreach (var resource in EntityCatalog.All)
        {
            var indexed = (await store.QueryAsync(
                    $"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = '\"{resource.Name}\"'::regclass"))
                .Select(r => (string)r[0]!).ToHashSet();
            var filterDates = new[] { CatalogNames.UpdatedAt, resource.DateWindowColumn };
            foreach (var field in resource.Fields.Where(f => f.References is not null || filterDates.Contains(f.Column)))
                Assert.True(indexed.Contains(field.Column), $"{resource.Name}.{field.Column} has no index");
        }
    }

    [Fact]
    public async Task A_partial_mirror_still_inserts_and_readers_cannot_write()
    {
        using var store = await TestStore.CreateAsync(provider: MirrorDialect.PostgresProvider);
        // A time entry whose project is not (yet) in the mirror: no foreign key may refuse it.
        await store.Database.WriteAsync((c, t) => PageUpsert.For(EntityCatalog.Get("time_entries")).UpsertAsync(c, t, [TestRecords.Make("time_entries", 1)]));
        Assert.Equal(1, await store.Reader.CountAsync(EntityCatalog.Get("time_entries")));
        Assert.Equal(0, await store.Reader.CountAsync(EntityCatalog.Get("projects")));

        await using var reader = await store.Database.OpenReadOnlyAsync();
        await using var command = reader.CreateCommand();
        command.CommandText = "DELETE FROM time_entries";
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        Assert.Equal(1, await store.Reader.CountAsync(EntityCatalog.Get("time_entries")));
    }

    [Fact]
    public async Task Two_nodes_starting_at_once_build_the_schema_once_and_keep_each_others_data()
    {
        string connectionString = PostgresCluster.Shared.CreateDatabase("schema_race");
        // Distinct connection strings: distinct processes in effect, with no in-process write gate shared between them.
        var schemas = Enumerable.Range(0, 4).Select(i => new MirrorSchema(new MirrorDatabase(Options.Create(new MirrorOptions
        {
            Provider = MirrorDialect.PostgresProvider,
            ConnectionString = connectionString + $";Application Name=node-{i}",
        })))).ToList();

        await Task.WhenAll(schemas.Select(s => s.EnsureCreatedAsync()));

        var database = new MirrorDatabase(Options.Create(new MirrorOptions { Provider = MirrorDialect.PostgresProvider, ConnectionString = connectionString }));
        await database.WriteAsync((c, t) => PageUpsert.For(EntityCatalog.Get("clients")).UpsertAsync(c, t, [TestRecords.Make("clients", 7)]));
        await Task.WhenAll(schemas.Select(s => s.EnsureCreatedAsync()));
        Assert.Equal(1, await new MirrorReader(database).CountAsync(EntityCatalog.Get("clients")));
        Assert.Equal("1", PostgresCluster.Shared.Psql(new NpgsqlConnectionStringBuilder(connectionString).Database!, "SELECT count(*) FROM mirror_meta"));
    }

    [Fact]
    public async Task A_rebuild_for_a_changed_catalog_drops_only_the_mirrors_own_tables()
    {
        // The database is shared: other tables (the jobs' or the throttle's, an operator's) live beside the mirror.
        using var store = await TestStore.CreateAsync(provider: MirrorDialect.PostgresProvider);
        await store.QueryAsync("CREATE TABLE operator_notes (id bigint PRIMARY KEY, note text); INSERT INTO operator_notes VALUES (1, 'keep me')");
        await store.Database.WriteAsync((c, t) => PageUpsert.For(EntityCatalog.Get("clients")).UpsertAsync(c, t, [TestRecords.Make("clients", 7)]));

        await store.QueryAsync("UPDATE mirror_meta SET value = 'an older catalog'");
        await store.Schema.EnsureCreatedAsync();

        Assert.Equal(0, await store.Reader.CountAsync(EntityCatalog.Get("clients")));
        Assert.Equal("keep me", (string)(await store.QueryAsync("SELECT note FROM operator_notes"))[0][0]!);
    }
}
