using System.Globalization;
using HarvestOData.Harvest;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Mirror;
using HarvestOData.Server.Cli;
using HarvestOData.Server.OData.Routing;

namespace HarvestOData.Server.Status.Tests;

/// <summary>
/// A setting's default lives in its options class only: <c>--help</c> prints it from there and the README's
/// configuration table says the same, so a changed default cannot leave a stale number behind.
/// </summary>
public sealed class SettingDefaultsTests
{
    public static TheoryData<string, string> OptionDefaults => new()
    {
        { "Harvest:BaseUrl", new HarvestOptions().BaseUrl },
        { "Harvest:RateLimit:Requests", new RateLimitOptions().Requests.ToString(CultureInfo.InvariantCulture) },
        { "Harvest:RateLimit:WindowSeconds", new RateLimitOptions().WindowSeconds.ToString(CultureInfo.InvariantCulture) },
        { "Mirror:Provider", new MirrorOptions().Provider },
        { "Mirror:ConnectionString", new MirrorOptions().ConnectionString },
        { "Sync:Interval", new SyncOptions().Interval.ToString() },
        { "Sync:ReconcileInterval", new SyncOptions().ReconcileInterval.ToString() },
        { "OData:PageSize", new ODataOptions().PageSize.ToString(CultureInfo.InvariantCulture) },
    };

    [Theory]
    [MemberData(nameof(OptionDefaults))]
    public void Help_prints_the_default_its_options_class_starts_with(string key, string value)
    {
        var line = Assert.Single(ServerCommand.Help.Split('\n'), l => l.TrimStart().StartsWith(key + " ", StringComparison.Ordinal));
        Assert.EndsWith($"(default {value})", line.TrimEnd());
    }

    [Theory]
    [MemberData(nameof(OptionDefaults))]
    public void The_README_lists_the_default_its_options_class_starts_with(string key, string value)
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        Assert.Contains($"| `{key}` | `{value}` |", readme);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HarvestOData.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("No HarvestOData.sln above " + AppContext.BaseDirectory);
    }
}
