using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using HarvestOData.Sandbox;

namespace HarvestOData.Mirror.Tests.EndToEnd;

public sealed class FaultTests
{
    [Fact]
    public async Task Against_a_legacy_503_throttle_the_mirror_fills_without_ever_being_throttled()
    {
        await using var mirror = await MirrorHarness.CreateAsync(MirrorHarness.SmallAccount(throttle: ThrottleMode.Legacy503));

        var report = await mirror.SyncAllAsync();

        Assert.True(report.Succeeded);
        Assert.Equal(0, mirror.Sandbox.Counters.ThrottledAnswers);
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    [Fact]
    public async Task Server_errors_dropped_connections_slow_and_malformed_answers_never_corrupt_the_mirror_and_it_converges_once_they_stop()
    {
        await using var mirror = await MirrorHarness.CreateAsync();
        await mirror.SyncAllAsync();
        var data = mirror.Sandbox.Data;
        int wave = 0;
        mirror.Sandbox.BeforeRequest = (request, _) =>
        {
            // Waves of faults while Harvest keeps changing.
            if (request.CallNumber % 25 == 0 && Interlocked.Increment(ref wave) <= 8)
            {
                mirror.Sandbox.Faults.ServerErrors(3, request.CallNumber % 50 == 0 ? 503 : 500);
                mirror.Sandbox.Faults.DroppedConnections(2);
                mirror.Sandbox.Faults.MalformedJson(2);
                mirror.Sandbox.Faults.SlowAnswers(1, TimeSpan.FromMilliseconds(50));
                data.CreateTimeEntries(5);
                data.UpdateRandom("time_entries", 5);
                data.DeleteRandom("time_entries", 2);
            }
            return Task.CompletedTask;
        };
        data.UpdateRandom("invoices", 10);
        data.UpdateRandom("clients", 3);

        var faulty = await mirror.SyncAllAsync();

        await AssertNotCorrupted(mirror);
        Assert.True(mirror.Sandbox.Counters.ServerErrors > 0, "the faults fired");
        mirror.Sandbox.BeforeRequest = null;
        mirror.Sandbox.Faults.Clear();
        var report = await mirror.SyncAllAsync();
        Assert.True(report.Succeeded, string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")));
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
        Assert.NotNull(faulty);
    }

    [Fact]
    public async Task A_fault_burst_longer_than_the_retries_fails_the_pass_records_the_error_and_the_next_pass_converges()
    {
        await using var mirror = await MirrorHarness.CreateAsync(settings: new Dictionary<string, string?> { ["Harvest:Retry:MaxAttempts"] = "2" });
        mirror.Sandbox.BeforeRequest = (request, _) =>
        {
            // Harvest goes down in the middle of the time entries walk (its second date window).
            if (request.Path == "time_entries" && ("&" + request.Query).Contains("&to=", StringComparison.Ordinal))
                mirror.Sandbox.Faults.ServerErrors(50, 502);
            return Task.CompletedTask;
        };

        var failed = await mirror.Pass.RunAsync("time_entries");

        Assert.Equal(PassOutcome.Failed, failed.Outcome);
        var state = await mirror.States.ReadAsync("time_entries");
        Assert.Contains("502", state.LastError);
        Assert.NotNull(state.LastErrorAt);
        Assert.NotNull(state.PassResumeWindows);
        await AssertNotCorrupted(mirror);

        mirror.Sandbox.BeforeRequest = null;
        mirror.Sandbox.Faults.Clear();
        var report = await mirror.SyncAllAsync();
        Assert.True(report.Succeeded);
        Assert.Null((await mirror.States.ReadAsync("time_entries")).LastError);
        await SandboxAssert.MirrorEqualsSandbox(mirror.Reader, mirror.Sandbox);
    }

    /// <summary>The file is sound, every row reads back typed, and every row is (or was) a row of Harvest: nothing torn, nothing invented.</summary>
    private static async Task AssertNotCorrupted(MirrorHarness mirror)
    {
        await using (var connection = await mirror.Database.OpenReadOnlyAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", await command.ExecuteScalarAsync());
        }
        foreach (var resource in EntityCatalog.All.Where(r => r.Kind is ResourceKind.TopLevel))
        {
            var harvest = mirror.Sandbox.Data.Rows(resource.Name).ToDictionary(r => r.Id);
            foreach (var row in await mirror.Reader.ReadAllAsync(resource))
            {
                // A row Harvest still has is either current or an older version of it; never a mix of foreign values.
                if (harvest.TryGetValue(row.Id, out var live) && Equals(row.UpdatedAt, live.UpdatedAt))
                    RecordAssert.Equal(live, row, $"{resource.Name} #{row.Id}");
            }
        }
    }
}
