using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>The status data (sync state, embedded counts, deletion groups) read from a PostgreSQL mirror, before and after it exists.</summary>
public sealed class PostgresStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task Before_the_schema_exists_every_resource_is_waiting_and_afterwards_state_counts_and_deletions_read_back()
    {
        var empty = new MirrorDatabase(Options.Create(new MirrorOptions
        {
            Provider = MirrorDialect.PostgresProvider,
            ConnectionString = PostgresCluster.Shared.CreateDatabase("status_empty"),
        }));
        Assert.Null(await new MirrorStatus(empty).ReadAsync(12));
        Assert.Equal(EntityCatalog.Fetched.Select(r => r.Name), await new MirrorStatus(empty).NotReadyAsync());

        using var store = await TestStore.CreateAsync(provider: MirrorDialect.PostgresProvider);
        var invoice = TestRecords.Make("invoices", 1);
        invoice.Children["invoice_line_items"] = [TestRecords.Make("invoice_line_items", 10), TestRecords.Make("invoice_line_items", 11)];
        await store.Database.WriteAsync(async (c, t) =>
        {
            await PageUpsert.For(EntityCatalog.Get("invoices")).UpsertAsync(c, t, [invoice, TestRecords.Make("invoices", 2), TestRecords.Make("invoices", 3)]);
            await SyncStateStore.UpdateAsync(c, t, "clients", default, SyncStateColumns.LastSuccessAt.Set(At));
        });
        await store.Database.WriteAsync((c, t) => RowDeletion.DeleteAsync(c, t, EntityCatalog.Get("invoices"), [2], "gone", At, cascade: false, default));
        await store.Database.WriteAsync((c, t) => RowDeletion.DeleteAsync(c, t, EntityCatalog.Get("invoices"), [3], "gone later", At.AddHours(1), cascade: false, default));

        var snapshot = await new MirrorStatus(store.Database).ReadAsync(12);

        Assert.NotNull(snapshot);
        Assert.Equal(At, snapshot.States["clients"].LastSuccessAt);
        Assert.Equal(2, snapshot.EmbeddedRows["invoice_line_items"]);
        Assert.Equal([new DeletionGroup("invoices", "gone later", At.AddHours(1), 1), new DeletionGroup("invoices", "gone", At, 1)], snapshot.Deletions);
        Assert.DoesNotContain("clients", await new MirrorStatus(store.Database).NotReadyAsync());
    }
}
