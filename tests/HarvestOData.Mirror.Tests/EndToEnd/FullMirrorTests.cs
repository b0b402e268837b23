using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.EndToEnd;

public sealed class FullMirrorTests
{
    [Theory, BothProviders]
    public async Task A_full_mirror_equals_the_sandbox_row_for_row_and_field_for_field(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        var report = await mirror.SyncAllAsync();

        Assert.True(report.Succeeded, string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")
            .Concat(report.Verifications.Where(v => !v.Matches).Select(v => $"{v.Resource}: {v.Note}"))));
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Theory, BothProviders]
    public async Task Sync_state_records_rows_success_and_watermark_per_resource(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        await mirror.SyncAllAsync();

        var states = await mirror.States.ReadAllAsync();
        Assert.Equal(EntityCatalog.Fetched.Select(r => r.Name), states.Select(s => s.Resource));
        foreach (var state in states)
        {
            var resource = EntityCatalog.Get(state.Resource);
            Assert.Equal(mirror.Sandbox.Data.Count(resource.Name), state.Rows);
            Assert.NotNull(state.LastSuccessAt);
            Assert.Null(state.LastError);
            Assert.Null(state.PassKind);
            Assert.Null(state.LeaseOwner);
            Assert.NotNull(state.LastReconcileAt);
            if (resource.SupportsUpdatedSince && resource.Kind == ResourceKind.TopLevel)
                Assert.NotNull(state.Cursor);
        }
    }

    [Fact]
    public async Task An_incremental_pass_with_no_changes_costs_one_call_per_listed_resource_and_none_per_parent()
    {
        await using var mirror = await MirrorHarness.CreateAsync();
        await mirror.SyncAllAsync();
        mirror.Sandbox.Counters.Reset();

        var report = await mirror.SyncAllAsync(reconcile: false);

        // Per-parent lists are read only for parents that changed: none did.
        int listed = EntityCatalog.Fetched.Count(r => r.Kind != ResourceKind.PerParent);
        Assert.Equal(listed, mirror.Sandbox.Counters.Calls);
        Assert.All(report.Passes, p => Assert.Equal(PassOutcome.Completed, p.Outcome));
        Assert.All(report.Passes, p => Assert.Equal(0, p.Changed));
        Assert.All(report.Passes.Where(p => EntityCatalog.Get(p.Resource).Kind == ResourceKind.PerParent), p => Assert.Equal(0, p.Calls));
    }
}
