using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.Store;

public sealed class PageUpsertTests
{
    [Theory, BothProviders]
    public async Task Every_field_of_every_resource_reads_back_with_its_type_and_value(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        foreach (var resource in EntityCatalog.All)
        {
            var records = Enumerable.Range(1, 9).Select(i => TestRecords.Make(resource.Name, i, seed: 3)).ToList();
            await store.Database.WriteAsync((c, t) => PageUpsert.For(resource).UpsertAsync(c, t, records));
            RecordAssert.Equal(records, await store.Reader.ReadAllAsync(resource), resource.Name);
        }
    }

    [Theory, BothProviders]
    public async Task Only_rows_whose_values_changed_are_reported(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var upsert = PageUpsert.For(EntityCatalog.Get("projects"));
        var page = Enumerable.Range(1, 5).Select(i => TestRecords.Make("projects", i)).ToList();
        Assert.Equal(5, (await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, page))).Count);
        Assert.Empty(await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, page)));

        page[2]["notes"] = "changed in Harvest";
        Assert.Equal([3L], await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, page)));
    }

    [Theory, BothProviders]
    public async Task The_row_version_counts_every_real_change_even_within_one_second_of_updated_at(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var upsert = PageUpsert.For(EntityCatalog.Get("projects"));
        var page = Enumerable.Range(1, 2).Select(i => TestRecords.Make("projects", i)).ToList();
        async Task<long> Version(long id) => await store.ScalarAsync($"SELECT \"{RowVersion.Column}\" FROM projects WHERE id = {id}");

        await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, page));
        Assert.Equal(1, await Version(1));
        await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, page));
        Assert.Equal(1, await Version(1));

        // Two changes Harvest stamps with the same second: updated_at alone cannot tell them apart, the version can.
        page[0]["notes"] = "first change";
        await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, page));
        page[0]["notes"] = "second change, same second";
        await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, page));
        Assert.Equal(3, await Version(1));
        Assert.Equal(1, await Version(2));
    }

    [Theory, BothProviders]
    public async Task A_record_older_than_the_stored_row_does_not_overwrite_it_nor_its_line_items(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var resource = EntityCatalog.Get("invoices");
        var newer = TestRecords.Make("invoices", 1);
        newer["subject"] = "written back just now";
        newer.Children["invoice_line_items"] = [TestRecords.Make("invoice_line_items", 20)];
        var stale = TestRecords.Make("invoices", 1);
        stale["subject"] = "read by a sync page before the write";
        stale["updated_at"] = ((DateTimeOffset)newer["updated_at"]!).AddMinutes(-1);
        stale.Children["invoice_line_items"] = [TestRecords.Make("invoice_line_items", 21)];

        await store.Database.WriteAsync((c, t) => PageUpsert.For(resource).UpsertAsync(c, t, [newer]));
        Assert.Empty(await store.Database.WriteAsync((c, t) => PageUpsert.For(resource).UpsertAsync(c, t, [stale])));

        var mirrored = (await store.Reader.ReadAllAsync(resource)).Single();
        Assert.Equal("written back just now", mirrored["subject"]);
        Assert.Equal([20L], mirrored.Children["invoice_line_items"].Select(r => r.Id));
    }

    [Theory, BothProviders]
    public async Task A_stale_time_entry_page_does_not_undo_a_newer_row(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var upsert = PageUpsert.For(EntityCatalog.Get("time_entries"));
        var newer = TestRecords.Make("time_entries", 7);
        newer["notes"] = "edited";
        var stale = TestRecords.Make("time_entries", 7);
        stale["notes"] = "before the edit";
        stale["updated_at"] = ((DateTimeOffset)newer["updated_at"]!).AddSeconds(-5);

        await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, [newer]));
        Assert.Empty(await store.Database.WriteAsync((c, t) => upsert.UpsertAsync(c, t, [stale])));
        Assert.Equal("edited", (await store.Reader.ReadAllAsync(EntityCatalog.Get("time_entries"))).Single()["notes"]);
    }

    [Theory, BothProviders]
    public async Task Line_items_and_role_users_are_replaced_with_every_parent_upsert(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var invoice = TestRecords.Make("invoices", 1);
        invoice.Children["invoice_line_items"] = [TestRecords.Make("invoice_line_items", 10), TestRecords.Make("invoice_line_items", 11)];
        var role = TestRecords.Make("roles", 5);
        role.Links["role_users"] = [1, 2, 3];
        await store.Database.WriteAsync(async (c, t) =>
        {
            await PageUpsert.For(EntityCatalog.Get("invoices")).UpsertAsync(c, t, [invoice]);
            await PageUpsert.For(EntityCatalog.Get("roles")).UpsertAsync(c, t, [role]);
        });
        Assert.Equal([1L, 1L], (await store.QueryAsync("SELECT invoice_id FROM invoice_line_items")).Select(r => (long)r[0]!));

        invoice.Children["invoice_line_items"] = [TestRecords.Make("invoice_line_items", 12)];
        role.Links["role_users"] = [3, 4];
        await store.Database.WriteAsync(async (c, t) =>
        {
            await PageUpsert.For(EntityCatalog.Get("invoices")).UpsertAsync(c, t, [invoice]);
            await PageUpsert.For(EntityCatalog.Get("roles")).UpsertAsync(c, t, [role]);
        });
        var mirrored = await store.Reader.ReadAllAsync(EntityCatalog.Get("invoices"));
        Assert.Equal([12L], mirrored.Single().Children["invoice_line_items"].Select(r => r.Id));
        Assert.Equal([3L, 4L], (await store.Reader.ReadAllAsync(EntityCatalog.Get("roles"))).Single().Links["role_users"]);
    }

    [Theory, BothProviders]
    public async Task A_page_that_fails_half_way_leaves_nothing_behind(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var page = Enumerable.Range(1, 10).Select(i => TestRecords.Make("clients", i)).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Database.WriteAsync(async (c, t) =>
        {
            await PageUpsert.For(EntityCatalog.Get("clients")).UpsertAsync(c, t, page);
            throw new InvalidOperationException("the checkpoint could not be written");
        }));
        Assert.Equal(0, await store.Reader.CountAsync(EntityCatalog.Get("clients")));
    }
}
