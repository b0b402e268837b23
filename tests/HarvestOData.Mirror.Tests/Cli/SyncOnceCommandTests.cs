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
    public async Task A_command_line_it_does_not_understand_exits_2_with_usage(string arguments)
    {
        using var folder = new TempFolder();

        var (code, _, error) = await RunAsync([.. arguments.Split(' '), $"--Mirror:ConnectionString=Data Source={folder.File("harvest.db")}"],
            new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 10)));

        Assert.Equal(StartupErrors.BadCommandLine, code);
        Assert.StartsWith("error: ", error);
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
