using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.EndToEnd;

public sealed class DeletionCheckTests
{
    [Theory, BothProviders]
    public async Task Ten_deletions_are_found_for_far_fewer_calls_than_a_full_id_sweep(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        await mirror.SyncAllAsync();
        var deleted = mirror.Sandbox.Data.DeleteRandom("time_entries", 10);
        mirror.Sandbox.Counters.Reset();

        var report = await mirror.Run.RunAsync(new SyncRunRequest { Verify = false, Attempts = 1 });

        long check = mirror.Sandbox.Counters.Calls;
        long sweep = FullIdSweepCalls(mirror);
        Assert.True(check * 10 < sweep, $"the deletion check made {check} calls; a full id sweep needs {sweep}");
        Assert.Equal(10, report.Passes.Single(p => p.Resource == "time_entries").Deleted);
        var logged = await mirror.Database.WriteAsync(async (c, t) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = "SELECT row_id FROM sync_deletions WHERE resource = 'time_entries' ORDER BY row_id";
            var ids = new List<long>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                ids.Add(reader.GetInt64(0));
            return ids;
        });
        Assert.Equal(deleted.Order(), logged);
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Theory, BothProviders]
    public async Task Without_deletions_checking_a_dated_list_costs_one_count_besides_its_incremental_call(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        await mirror.SyncAllAsync();
        mirror.Sandbox.Counters.Reset();

        var result = await mirror.Reconcile.RunAsync("time_entries");

        Assert.Equal(PassOutcome.Completed, result.Outcome);
        Assert.Equal(2, mirror.Sandbox.Counters.Calls);
        Assert.Equal(0, result.Deleted);
    }

    [Theory, BothProviders]
    public async Task A_message_deleted_on_an_unchanged_invoice_leaves_the_mirror_at_the_periodic_child_sweep(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(settings: new Dictionary<string, string?> { ["Sync:ChildSweepInterval"] = "00:00:00" }, provider: provider);
        await mirror.SyncAllAsync();
        var gone = mirror.Sandbox.Data.DeleteRandom("invoice_messages", 3);

        var incremental = await mirror.Pass.RunAsync("invoice_messages");
        var reconcile = await mirror.Reconcile.RunAsync("invoice_messages");

        Assert.Equal(0, incremental.Calls);
        Assert.Equal(3, reconcile.Deleted);
        var left = (await mirror.Reader.ReadAllAsync(EntityCatalog.Get("invoice_messages"))).Select(m => m.Id).ToHashSet();
        Assert.DoesNotContain(gone, left.Contains);
    }

    /// <summary>What listing every id of the mirror costs: every list at 2000 a page, and every parent's per-parent lists.</summary>
    private static long FullIdSweepCalls(MirrorHarness mirror) => EntityCatalog.Fetched.Sum(r => r.Kind switch
    {
        ResourceKind.Singleton => 1,
        ResourceKind.PerParent => mirror.Sandbox.Data.Count(r.Parent!),
        _ => Math.Max(1, (mirror.Sandbox.Data.Count(r.Name) + 1999) / 2000),
    });
}
