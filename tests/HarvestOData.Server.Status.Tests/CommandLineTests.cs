using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using HarvestOData.Server.Cli;
using HarvestOData.Server.Status.Tests.Support;

namespace HarvestOData.Server.Status.Tests;

/// <summary>The server binary's command line, run as a separate process; <c>status</c> reads the shared server's mirror file.</summary>
[Collection(ServerFixtureCollection.Name)]
public sealed class CommandLineTests(ServerFixture fixture) : IDisposable
{
    private readonly TempFolder _folder = new();

    private string MirrorSetting => $"--Mirror:ConnectionString=Data Source={fixture.Server.MirrorPath}";

    [Fact]
    public async Task Help_lists_every_command_and_the_main_settings_and_exits_0()
    {
        var (code, output, _) = await ServerProcess.RunAsync(_folder.Path, "--help");

        Assert.Equal(0, code);
        foreach (string text in new[] { "serve", "sync --once [--resource NAME]", "status [--json]", "Harvest:Token", "Harvest:AccountId",
                     "Mirror:ConnectionString", "Sync:Interval", "OData:PageSize", "--urls", "exit codes" })
            Assert.Contains(text, output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("status --verbose")]
    [InlineData("sync")]
    public async Task A_command_line_it_does_not_understand_prints_usage_and_exits_2(string arguments)
    {
        var (code, _, error) = await ServerProcess.RunAsync(_folder.Path, arguments.Split(' '));

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("usage: HarvestOData.Server", error);
    }

    [Fact]
    public async Task A_malformed_setting_exits_2_naming_the_key()
    {
        var (code, _, error) = await ServerProcess.RunAsync(_folder.Path, "status", "--Sync:Interval=soon");

        Assert.Equal(2, code);
        Assert.Contains("Sync:Interval", error);
    }

    [Fact]
    public async Task Status_prints_the_mirror_as_a_table_straight_from_the_database()
    {
        var (code, output, error) = await ServerProcess.RunAsync(_folder.Path, "status", MirrorSetting);

        Assert.True(code == 0, error + output);
        Assert.Contains("ready", output);
        var timeEntries = output.Split('\n').Single(l => l.StartsWith("time_entries ", StringComparison.Ordinal));
        Assert.Contains($" {fixture.Server.Sandbox.Data.Count("time_entries")} ", timeEntries);
        foreach (var resource in EntityCatalog.All)
            Assert.Contains(output.Split('\n'), l => l.StartsWith(resource.Name + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_json_is_the_report_the_server_serves()
    {
        var (code, output, error) = await ServerProcess.RunAsync(_folder.Path, "status", "--json", MirrorSetting);

        Assert.True(code == 0, error + output);
        using var json = JsonDocument.Parse(output);
        var resources = json.RootElement.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(EntityCatalog.All.Select(r => r.Name), resources.Select(r => r.GetProperty("name").GetString()));
        Assert.All(resources, r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("lastSuccessAt").ValueKind));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("throttle").ValueKind);
        Assert.DoesNotContain(fixture.Server.Sandbox.Administrator.Token, output);
    }

    [Fact]
    public async Task Status_without_a_mirror_exits_1_and_says_how_to_make_one()
    {
        var (code, _, error) = await ServerProcess.RunAsync(_folder.Path, "status", $"--Mirror:ConnectionString=Data Source={_folder.File("none.db")}");

        Assert.Equal(1, code);
        Assert.Contains("sync --once", error);
    }

    [Theory]
    [InlineData("", CommandVerb.Serve)]
    [InlineData("serve --urls http://127.0.0.1:6000", CommandVerb.Serve)]
    [InlineData("sync --once --resource projects", CommandVerb.SyncOnce)]
    [InlineData("status --json --Mirror:ConnectionString=x", CommandVerb.Status)]
    [InlineData("status --help", CommandVerb.Help)]
    [InlineData("-h", CommandVerb.Help)]
    public void The_command_line_is_parsed_into_a_verb_and_configuration(string arguments, CommandVerb verb)
    {
        var command = ServerCommand.Parse(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(verb, command.Verb);
        Assert.Equal(arguments.Contains("--json"), command.Json);
        Assert.DoesNotContain("--json", command.ConfigurationArgs);
    }

    [Fact]
    public void The_sync_progress_shows_every_resource_from_the_start_and_a_total_line()
    {
        using var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: true, TimeProvider.System, ["clients", "projects"]);

        progress.Report(new SyncProgress("clients", "full", 1, 2, 100, 1));
        progress.Report(new SyncProgress("clients", "done", 2, 2, 200, 2));
        progress.Flush();

        string last = output.ToString().Split("\u001b[3A")[^1];
        Assert.Contains("clients", last);
        Assert.Contains("projects                   waiting", last);
        Assert.Contains("1/2 resources done · 2 calls", last);
    }

    public void Dispose() => _folder.Dispose();
}
