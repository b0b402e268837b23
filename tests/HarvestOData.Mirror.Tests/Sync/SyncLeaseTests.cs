using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;

namespace HarvestOData.Mirror.Tests.Sync;

public sealed class SyncLeaseTests
{
    [Theory, BothProviders]
    public async Task A_held_lease_keeps_other_runners_out_until_it_is_released_or_expires(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var store = await TestStore.CreateAsync(time, provider);
        var lease = store.Lease(new SyncOptions { LeaseDuration = TimeSpan.FromMinutes(1) });

        Assert.True(await lease.TryAcquireAsync("projects", "runner-a", default));
        Assert.False(await lease.TryAcquireAsync("projects", "runner-b", default));
        Assert.True(await lease.TryAcquireAsync("clients", "runner-b", default));

        await lease.ReleaseAsync("projects", "runner-a");
        Assert.True(await lease.TryAcquireAsync("projects", "runner-b", default));

        // Both sides of the expiry: still held a second before it, free after it.
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(await lease.TryAcquireAsync("projects", "runner-a", default));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await lease.TryAcquireAsync("projects", "runner-a", default));
    }

    [Theory, BothProviders]
    public async Task A_runner_that_lost_its_lease_cannot_commit(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var store = await TestStore.CreateAsync(time, provider);
        var lease = store.Lease(new SyncOptions { LeaseDuration = TimeSpan.FromMinutes(1) });
        Assert.True(await lease.TryAcquireAsync("projects", "runner-a", default));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await lease.TryAcquireAsync("projects", "runner-b", default));

        await Assert.ThrowsAsync<SyncLeaseLostException>(() =>
            store.Database.WriteAsync((c, t) => lease.RenewAsync(c, t, "projects", "runner-a", default)));
    }
}
