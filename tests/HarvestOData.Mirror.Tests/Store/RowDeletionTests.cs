using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.Store;

public sealed class RowDeletionTests
{
    [Theory, BothProviders]
    public async Task A_deleted_invoice_takes_its_line_items_messages_and_payments_along_and_is_logged(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var invoice = TestRecords.Make("invoices", 1);
        invoice.Children["invoice_line_items"] = [TestRecords.Make("invoice_line_items", 10)];
        var message = TestRecords.Make("invoice_messages", 20);
        message["invoice_id"] = 1L;
        var payment = TestRecords.Make("invoice_payments", 30);
        payment["invoice_id"] = 1L;
        var other = TestRecords.Make("invoice_payments", 31);
        other["invoice_id"] = 2L;
        await store.Database.WriteAsync(async (c, t) =>
        {
            await PageUpsert.For(EntityCatalog.Get("invoices")).UpsertAsync(c, t, [invoice]);
            await PageUpsert.For(EntityCatalog.Get("invoice_messages")).UpsertAsync(c, t, [message]);
            await PageUpsert.For(EntityCatalog.Get("invoice_payments")).UpsertAsync(c, t, [payment, other]);
        });

        int removed = await store.Database.WriteAsync((c, t) =>
            RowDeletion.DeleteAsync(c, t, EntityCatalog.Get("invoices"), [1], "test", DateTimeOffset.UnixEpoch, cascade: true, default));

        Assert.Equal(4, removed);
        Assert.Equal(0, await store.ScalarAsync("SELECT count(*) FROM invoice_line_items"));
        Assert.Equal(0, await store.ScalarAsync("SELECT count(*) FROM invoice_messages"));
        Assert.Equal([31L], (await store.QueryAsync("SELECT id FROM invoice_payments")).Select(r => (long)r[0]!));
        var log = await store.QueryAsync("SELECT resource, row_id FROM sync_deletions ORDER BY resource");
        Assert.Equal(["invoice_line_items:10", "invoice_messages:20", "invoice_payments:30", "invoices:1"], log.Select(r => $"{r[0]}:{r[1]}"));
    }

    [Theory, BothProviders]
    public async Task A_deleted_project_takes_the_rows_Harvest_deletes_with_it_only_when_cascading(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var project = TestRecords.Make("projects", 5);
        var entries = Enumerable.Range(1, 3).Select(i => TestRecords.Make("time_entries", i)).ToList();
        entries[0]["project_id"] = 5L;
        entries[1]["project_id"] = 5L;
        entries[2]["project_id"] = 6L;
        await store.Database.WriteAsync(async (c, t) =>
        {
            await PageUpsert.For(EntityCatalog.Get("projects")).UpsertAsync(c, t, [project, TestRecords.Make("projects", 6)]);
            await PageUpsert.For(EntityCatalog.Get("time_entries")).UpsertAsync(c, t, entries);
        });

        await store.Database.WriteAsync((c, t) => RowDeletion.DeleteAsync(c, t, EntityCatalog.Get("projects"), [6], "test", DateTimeOffset.UnixEpoch, cascade: false, default));
        Assert.Equal(3, await store.ScalarAsync("SELECT count(*) FROM time_entries"));
        await store.Database.WriteAsync((c, t) => RowDeletion.DeleteAsync(c, t, EntityCatalog.Get("projects"), [5], "test", DateTimeOffset.UnixEpoch, cascade: true, default));
        Assert.Equal([3L], (await store.QueryAsync("SELECT id FROM time_entries")).Select(r => (long)r[0]!));
    }
}
