using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;
using HarvestOData.Sandbox;
using HarvestOData.Server.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests.Cli;

public sealed class SyncOnceCommandTests
{
    [Fact]
    public async Task Sync_once_in_sandbox_mode_mirrors_the_sandbox_prints_a_summary_and_exits_0()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount());
        using var folder = new TempFolder();

        var (code, output, error) = await RunAsync(["sync", "--once", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}",
            "--Harvest:RateLimit:MarginSeconds=0.05"], sandbox);

        Assert.True(code == 0, error + output);
        // 3,000 time entries do not fit one page: their ids are not all compared, so the run does not claim "equals".
        Assert.Contains("The mirror matches Harvest as far as checked", output);
        Assert.Contains("row counts equal Harvest's for time_entries", output);
        Assert.DoesNotContain("The mirror equals Harvest", output);
        Assert.Contains("row count equals total_entries", output);
        var database = new MirrorDatabase(Options.Create(new MirrorOptions { ConnectionString = $"Data Source={folder.File("harvest.db")}" }));
        await SandboxAssert.MirrorEqualsSandbox(new MirrorReader(database), sandbox);
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Fact]
    public async Task Sync_once_of_one_resource_touches_only_that_resource()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount());
        using var folder = new TempFolder();

        var (code, output, error) = await RunAsync(["sync", "--once", "--resource", "projects", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}"], sandbox);

        Assert.True(code == 0, error + output);
        Assert.Contains("projects", output);
        Assert.DoesNotContain("time_entries", output);
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Fact]
    public async Task An_unreachable_Harvest_exits_non_zero_with_a_clear_message_and_no_token()
    {
        using var folder = new TempFolder();

        var (code, output, error) = await RunAsync(["sync", "--once", "--Harvest:Token=secret-token-123", "--Harvest:AccountId=42",
            "--Harvest:BaseUrl=http://127.0.0.1:1/v2/", "--Harvest:Retry:MaxAttempts=1", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}"]);

        Assert.Equal(SyncOnceCommand.Differs, code);
        Assert.Contains("could not be reached", error);
        Assert.Contains("http://127.0.0.1:1/v2/", error);
        Assert.DoesNotContain("secret-token-123", error + output);
    }

    [Theory]
    [InlineData("--Sync:Interval=soon", "Sync:Interval")]
    [InlineData("--Mirror:Provider=oracle", "Mirror:Provider")]
    [InlineData("--Mirror:ConnectionString=Data Source=:memory:", "Mirror:ConnectionString")]
    [InlineData("--Harvest:RequestTimeoutSeconds=0", "Harvest:RequestTimeoutSeconds")]
    public async Task A_malformed_setting_exits_non_zero_naming_the_key(string setting, string key)
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 10));
        using var folder = new TempFolder();

        var (code, _, error) = await RunAsync(["sync", "--once", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}", setting], sandbox);

        Assert.Equal(StartupErrors.BadConfiguration, code);
        Assert.Contains(key, error);
        Assert.Equal(0, sandbox.Counters.Calls);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("sync --once --resource nonsense")]
    [InlineData("sync --once --resource invoice_line_items")]
    [InlineData("frobnicate")]
    [InlineData("sync --once --max-wait soon")]
    [InlineData("sync --once --max-wait")]
    public async Task A_command_line_it_does_not_understand_exits_2_with_usage(string arguments)
    {
        using var folder = new TempFolder();

        var (code, _, error) = await RunAsync([.. arguments.Split(' '), $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}"],
            new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 10)));

        Assert.Equal(StartupErrors.BadCommandLine, code);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public async Task A_mirror_that_fits_one_page_per_resource_is_compared_id_for_id_and_only_then_said_to_equal_harvest()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount());
        using var folder = new TempFolder();

        var (code, output, error) = await RunAsync(["sync", "--once", "--resource", "projects", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}"], sandbox);

        Assert.True(code == 0, error + output);
        Assert.Contains("ids equal Harvest's", output);
        Assert.Contains("The mirror equals Harvest: every resource's ids compared.", output);
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Theory]
    [InlineData("server error")]
    [InlineData("wrong-typed record")]
    public async Task Harvest_failing_during_the_final_verification_exits_1_with_one_clear_line(string failure)
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 500));
        using var folder = new TempFolder();
        int companyCalls = 0;
        sandbox.BeforeRequest = (request, _) =>
        {
            // The third company call is the final verification's: after the start check and the company's own pass.
            if (request.Path == "company" && Interlocked.Increment(ref companyCalls) == 3)
            {
                if (failure == "server error")
                    sandbox.Faults.ServerErrors(100_000, 500);
                else
                    sandbox.Faults.WrongTypedRecords(100_000);
            }
            return Task.CompletedTask;
        };

        var (code, output, error) = await RunAsync(["sync", "--once", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}",
            "--Harvest:Retry:MaxAttempts=2"], sandbox);

        Assert.True(companyCalls >= 3, $"{companyCalls} company calls: the verification did not run");
        Assert.Equal(SyncOnceCommand.Differs, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, error);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", error + output);
        Assert.DoesNotContain("The mirror equals Harvest", output);
        Assert.DoesNotContain("matches Harvest", output);
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_max_wait_stops_sync_once_with_exit_1_saying_when_harvest_resumes()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 500));
        using var folder = new TempFolder();
        int timeEntryCalls = 0;
        sandbox.BeforeRequest = (request, _) =>
        {
            if (request.Path == "time_entries" && Interlocked.Increment(ref timeEntryCalls) == 1)
                sandbox.Faults.Throttles(1, retryAfterSeconds: 3600, blockAccount: false);
            return Task.CompletedTask;
        };

        var (code, output, error) = await RunAsync(["sync", "--once", "--max-wait", "30s", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}"], sandbox);

        Assert.Equal(SyncOnceCommand.Differs, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, error);
        Assert.Matches(@"^error: Harvest asked to wait 1 h \(until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\), longer than --max-wait 30 s", lines[0]);
        Assert.DoesNotContain("matches Harvest", output);
        SandboxAssert.ThrottleRespected(sandbox);
    }

    [Fact]
    public async Task A_long_Retry_After_within_max_wait_is_announced_on_the_console_with_the_time_it_resumes()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 500));
        using var folder = new TempFolder();
        int timeEntryCalls = 0;
        sandbox.BeforeRequest = (request, _) =>
        {
            if (request.Path == "time_entries" && Interlocked.Increment(ref timeEntryCalls) == 1)
                sandbox.Faults.Throttles(1, retryAfterSeconds: 3600, blockAccount: false);
            return Task.CompletedTask;
        };
        using var stop = new CancellationTokenSource();
        stop.CancelAfter(TimeSpan.FromMinutes(2));   // a safety net only: without the line the test fails instead of waiting the hour
        // The operator reads the line and presses Ctrl+C: the test stops the run as soon as the line is written.
        var output = new WatchedWriter("resuming at", stop);
        var command = ServerCommand.Parse(["sync", "--once", "--max-wait", "2h", $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}"]);
        var builder = ServerHost.CreateBuilder(command);
        builder.Services.Replace(ServiceDescriptor.Singleton(sandbox));
        await using var host = builder.Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SyncOnceCommand.RunAsync(host.Services, command, output, new StringWriter(), interactive: false, stop.Token));

        Assert.Matches(@"Harvest asked to wait 1 h: resuming at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\.", output.ToString());
        SandboxAssert.ThrottleRespected(sandbox);
    }

    /// <summary>Console output that cancels <paramref name="stop"/> once a line containing <paramref name="text"/> is written.</summary>
    private sealed class WatchedWriter(string text, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true)
                stop.Cancel();
        }
    }

    /// <summary>What Program.cs does for <c>sync --once</c>, with the output captured and (optionally) the test's sandbox in DI.</summary>
    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args, HarvestSandbox? sandbox = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await StartupErrors.ReportAsync(error, async () =>
        {
            var command = ServerCommand.Parse(args);
            var builder = ServerHost.CreateBuilder(command);
            if (sandbox is not null)
                builder.Services.Replace(ServiceDescriptor.Singleton(sandbox));
            await using var host = builder.Build();
            return await SyncOnceCommand.RunAsync(host.Services, command, output, error, interactive: false, CancellationToken.None);
        });
        return (code, output.ToString(), error.ToString());
    }
}
