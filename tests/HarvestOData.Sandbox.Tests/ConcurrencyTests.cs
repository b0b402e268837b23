using System.Net;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Requests and data changes at the same time: every answer stays whole and nothing fails.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_walks_and_mutations_never_fail()
    {
        var sandbox = Sandboxes.Create().Sandbox;
        using var cancel = new CancellationTokenSource();
        var mutator = Task.Run(() =>
        {
            int rounds = 0;
            while (!cancel.IsCancellationRequested && rounds++ < 200)
            {
                sandbox.Data.CreateTimeEntries(3);
                sandbox.Data.UpdateRandom("time_entries", 3);
                sandbox.Data.DeleteRandom("time_entries", 2);
            }
        });
        var walkers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            using var client = sandbox.ClientFor(i % 2 == 0 ? sandbox.Administrator : sandbox.Manager);
            var rows = await client.Walk("time_entries?per_page=400", "time_entries");
            var (status, _) = await client.Post("time_entries", new { });
            return (rows.Count, status);
        })).ToList();
        var results = await Task.WhenAll(walkers);
        await cancel.CancelAsync();
        await mutator;
        Assert.All(results, r => Assert.True(r.Count > 0 && r.status == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(0, sandbox.Counters.ServerErrors);
    }
}
