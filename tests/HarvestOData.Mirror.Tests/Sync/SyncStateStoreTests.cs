using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.Sync;

public sealed class SyncStateStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Theory, BothProviders]
    public async Task Every_sync_state_column_written_reads_back_into_its_property_and_columns_not_set_keep_their_value(string provider)
    {
        using var store = await TestStore.CreateAsync(provider: provider);
        var expected = new SyncState
        {
            Resource = "clients", Rows = 12, Cursor = At, LastSuccessAt = At.AddSeconds(1), LastPass = "full", LastPassCalls = 3,
            LastPassChanged = 4, LastError = "boom", LastErrorAt = At.AddSeconds(2), PassKind = "incremental",
            PassStartedAt = At.AddSeconds(3), PassSince = At.AddSeconds(4), PassNext = "https://next", PassResumeWindows = "2026-01-01..*",
            PassMaxSeen = At.AddSeconds(5), PagesDone = 6, PagesKnown = 7, NextRunAt = At.AddSeconds(6), LastReconcileAt = At.AddSeconds(7),
            LastReconcileDeleted = 8, LastChildSweepAt = At.AddSeconds(8), LeaseOwner = "me", LeaseUntil = At.AddSeconds(9),
        };
        SyncStateUpdate[] all =
        [
            SyncStateColumns.Rows.Set(expected.Rows), SyncStateColumns.Cursor.Set(expected.Cursor),
            SyncStateColumns.LastSuccessAt.Set(expected.LastSuccessAt), SyncStateColumns.LastPass.Set(expected.LastPass),
            SyncStateColumns.LastPassCalls.Set(expected.LastPassCalls), SyncStateColumns.LastPassChanged.Set(expected.LastPassChanged),
            SyncStateColumns.LastError.Set(expected.LastError), SyncStateColumns.LastErrorAt.Set(expected.LastErrorAt),
            SyncStateColumns.PassKind.Set(expected.PassKind), SyncStateColumns.PassStartedAt.Set(expected.PassStartedAt),
            SyncStateColumns.PassSince.Set(expected.PassSince), SyncStateColumns.PassNext.Set(expected.PassNext),
            SyncStateColumns.PassResumeWindows.Set(expected.PassResumeWindows), SyncStateColumns.PassMaxSeen.Set(expected.PassMaxSeen),
            SyncStateColumns.PagesDone.Set(expected.PagesDone), SyncStateColumns.PagesKnown.Set(expected.PagesKnown),
            SyncStateColumns.NextRunAt.Set(expected.NextRunAt), SyncStateColumns.LastReconcileAt.Set(expected.LastReconcileAt),
            SyncStateColumns.LastReconcileDeleted.Set(expected.LastReconcileDeleted), SyncStateColumns.LastChildSweepAt.Set(expected.LastChildSweepAt),
            SyncStateColumns.LeaseOwner.Set(expected.LeaseOwner), SyncStateColumns.LeaseUntil.Set(expected.LeaseUntil),
        ];
        Assert.Equal(SyncStateColumns.All.Count, all.Select(u => u.Column).Distinct().Count());
        var states = new SyncStateStore(store.Database);

        await store.Database.WriteAsync((c, t) => SyncStateStore.UpdateAsync(c, t, "clients", default, all));
        Assert.Equal(expected, await states.ReadAsync("clients"));

        await store.Database.WriteAsync((c, t) => SyncStateStore.UpdateAsync(c, t, "clients", default, SyncStateColumns.LastError.Set(null)));
        Assert.Equal(expected with { LastError = null }, await states.ReadAsync("clients"));
        Assert.Equal(new SyncState { Resource = "projects" }, await states.ReadAsync("projects"));
    }

    [Fact]
    public async Task Mirror_status_reads_state_counts_and_grouped_deletions_and_before_the_file_exists_says_every_resource_is_waiting()
    {
        using var folder = new TempFolder();
        var missing = new MirrorDatabase(Microsoft.Extensions.Options.Options.Create(
            new MirrorOptions { ConnectionString = $"Data Source={folder.File("not-yet.db")}" }));
        Assert.Null(await new MirrorStatus(missing).ReadAsync(12));
        Assert.Equal(EntityCatalog.Fetched.Select(r => r.Name), await new MirrorStatus(missing).NotReadyAsync());

        using var store = await TestStore.CreateAsync();
        var invoice = TestRecords.Make("invoices", 1);
        invoice.Children["invoice_line_items"] = [TestRecords.Make("invoice_line_items", 10), TestRecords.Make("invoice_line_items", 11)];
        await store.Database.WriteAsync(async (c, t) =>
        {
            await PageUpsert.For(EntityCatalog.Get("invoices")).UpsertAsync(c, t, [invoice, TestRecords.Make("invoices", 2)]);
            await SyncStateStore.UpdateAsync(c, t, "clients", default, SyncStateColumns.LastSuccessAt.Set(At));
        });
        await store.Database.WriteAsync((c, t) =>
            RowDeletion.DeleteAsync(c, t, EntityCatalog.Get("invoices"), [2], "gone", At, cascade: false, default));

        var snapshot = await new MirrorStatus(store.Database).ReadAsync(12);

        Assert.NotNull(snapshot);
        Assert.Equal(At, snapshot.States["clients"].LastSuccessAt);
        Assert.Equal(2, snapshot.EmbeddedRows["invoice_line_items"]);
        Assert.Equal([new DeletionGroup("invoices", "gone", At, 1)], snapshot.Deletions);
        Assert.DoesNotContain("clients", await new MirrorStatus(store.Database).NotReadyAsync());
    }
}
