using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.Store;

public sealed class MirrorSchemaTests
{
    [Fact]
    public async Task Every_resource_gets_a_table_with_the_catalog_columns_and_storage_types()
    {
        using var store = await TestStore.CreateAsync();
        foreach (var resource in EntityCatalog.All)
        {
            var columns = (await store.QueryAsync($"SELECT name, type, pk FROM pragma_table_info('{resource.Name}')"))
                .ToDictionary(r => (string)r[0]!, r => (Type: (string)r[1]!, Key: (long)r[2]!));
            // The catalog's columns, plus the row version (for entity tags) where the resource has updated_at.
            var expected = resource.Fields.Select(f => f.Column).Concat(RowVersion.Applies(resource) ? [RowVersion.Column] : []);
            Assert.Equal(expected.Order(), columns.Keys.Order());
            foreach (var field in resource.Fields)
                Assert.Equal(StoredValue.SqlType(field.Type), columns[field.Column].Type);
            Assert.Equal(1, columns["id"].Key);
        }
        var links = await store.QueryAsync("SELECT name, pk FROM pragma_table_info('role_users') ORDER BY pk");
        Assert.Equal(["role_id", "user_id"], links.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Foreign_key_columns_and_filter_dates_are_indexed()
    {
        using var store = await TestStore.CreateAsync();
        foreach (var resource in EntityCatalog.All)
        {
            var indexed = (await store.QueryAsync(
                    $"SELECT ii.name FROM pragma_index_list('{resource.Name}') il JOIN pragma_index_info(il.name) ii WHERE il.origin = 'c'"))
                .Select(r => (string)r[0]!).ToHashSet();
            var filterDates = new[] { CatalogNames.UpdatedAt, resource.DateWindowColumn };
            foreach (var field in resource.Fields.Where(f => f.References is not null || filterDates.Contains(f.Column)))
                Assert.True(indexed.Contains(field.Column), $"{resource.Name}.{field.Column} has no index");
        }
    }

    [Fact]
    public async Task Foreign_keys_are_declared_for_readers_but_a_partial_mirror_still_inserts()
    {
        using var store = await TestStore.CreateAsync();
        var keys = await store.QueryAsync("SELECT \"from\", \"table\" FROM pragma_foreign_key_list('time_entries')");
        Assert.Contains(keys, k => (string)k[0]! == "project_id" && (string)k[1]! == "projects");

        // A time entry whose project is not (yet) in the mirror.
        await store.Database.WriteAsync((c, t) => PageUpsert.For(EntityCatalog.Get("time_entries")).UpsertAsync(c, t, [TestRecords.Make("time_entries", 1)]));
        Assert.Equal(1, await store.Reader.CountAsync(EntityCatalog.Get("time_entries")));
        Assert.Equal(0, await store.Reader.CountAsync(EntityCatalog.Get("projects")));
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode_and_readers_are_read_only()
    {
        using var store = await TestStore.CreateAsync();
        Assert.Equal("wal", (string)(await store.QueryAsync("PRAGMA journal_mode"))[0][0]!);
        await using var reader = await store.Database.OpenReadOnlyAsync();
        await using var command = reader.CreateCommand();
        command.CommandText = "DELETE FROM clients";
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQueryAsync());
    }

    [Theory, BothProviders]
    public async Task Creating_again_keeps_the_data_and_a_changed_catalog_rebuilds_the_mirror(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        await store.Database.WriteAsync((c, t) => PageUpsert.For(EntityCatalog.Get("clients")).UpsertAsync(c, t, [TestRecords.Make("clients", 7)]));
        await store.Schema.EnsureCreatedAsync();
        Assert.Equal(1, await store.Reader.CountAsync(EntityCatalog.Get("clients")));

        await store.QueryAsync("UPDATE mirror_meta SET value = 'an older catalog'");
        await store.Schema.EnsureCreatedAsync();
        Assert.Equal(0, await store.Reader.CountAsync(EntityCatalog.Get("clients")));
    }

    [Theory, BothProviders]
    public async Task A_row_found_by_key_reads_back_typed(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var entry = TestRecords.Make("time_entries", 42);
        await store.Database.WriteAsync((c, t) => PageUpsert.For(EntityCatalog.Get("time_entries")).UpsertAsync(c, t, [entry]));
        var row = await store.Reader.FindAsync(EntityCatalog.Get("time_entries"), 42);
        Assert.NotNull(row);
        Assert.Equal(42L, row["id"]);
        Assert.Equal(entry["spent_date"], row["spent_date"]);
        Assert.Equal(entry["updated_at"], row["updated_at"]);
        Assert.Equal((decimal?)entry["hours"], (decimal?)row["hours"]);
        Assert.Null(await store.Reader.FindAsync(EntityCatalog.Get("time_entries"), 43));
    }
}
