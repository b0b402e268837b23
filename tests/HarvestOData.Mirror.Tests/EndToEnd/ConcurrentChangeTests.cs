using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.EndToEnd;

public sealed class ConcurrentChangeTests
{
    [Theory, BothProviders]
    public async Task Creates_updates_and_deletes_during_a_pass_including_a_project_delete_leave_the_mirror_equal_after_the_next_passes(string provider)
    {
        await using var mirror = await MirrorHarness.CreateAsync(provider: provider);
        var data = mirror.Sandbox.Data;
        long busiestProject = data.Rows("time_entries").GroupBy(t => (long)t["project_id"]!).MaxBy(g => g.Count())!.Key;
        var mutatedAt = new List<long>();
        mirror.Sandbox.BeforeRequest = (request, _) =>
        {
            // Harvest changes under the walk: early (first pages), in the middle, and during the per-parent lists.
            if (request.CallNumber is 3 or 12 or 60 or 400)
            {
                lock (mutatedAt)
                    mutatedAt.Add(request.CallNumber);
                data.CreateTimeEntries(30);
                data.UpdateRandom("time_entries", 30);
                data.DeleteRandom("time_entries", 10);
                data.UpdateRandom("projects", 3);
                data.UpdateRandom("invoices", 5);
                data.DeleteRandom("invoice_payments", 2);
                data.UpdateRandom("expenses", 5);
                data.DeleteRandom("expenses", 3);
                if (request.CallNumber == 12)
                    data.DeleteProject(busiestProject);
            }
            return Task.CompletedTask;
        };
        await mirror.SyncAllAsync();
        mirror.Sandbox.BeforeRequest = null;

        var next = await mirror.SyncAllAsync();

        Assert.Equal([3L, 12L, 60L, 400L], mutatedAt.Order());
        Assert.True(next.Succeeded, string.Join("; ", next.Verifications.Where(v => !v.Matches).Select(v => $"{v.Resource}: {v.Note}")));
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
        var leftovers = await mirror.Reader.ReadAllAsync(HarvestOData.Harvest.Catalog.EntityCatalog.Get("time_entries"));
        Assert.DoesNotContain(leftovers, t => (long)t["project_id"]! == busiestProject);
    }
}
