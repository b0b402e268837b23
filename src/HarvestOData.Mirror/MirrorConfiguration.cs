using Microsoft.Extensions.Configuration;

namespace HarvestOData.Mirror;

/// <summary>A <c>Mirror:*</c> or <c>Sync:*</c> setting is missing or malformed; the message names the key.</summary>
public sealed class MirrorConfigurationException(IEnumerable<string> problems)
    : Exception("Invalid configuration: " + string.Join(" ", problems))
{
}

/// <summary>Reads and validates the <c>Mirror</c> and <c>Sync</c> sections once, at start.</summary>
public static class MirrorConfiguration
{
    public static (MirrorOptions Mirror, SyncOptions Sync) Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var mirror = Bind<MirrorOptions>(configuration, MirrorOptions.Section, problems);
        var sync = Bind<SyncOptions>(configuration, SyncOptions.Section, problems);
        problems.AddRange(mirror.Validate());
        problems.AddRange(sync.Validate());
        return problems.Count == 0 ? (mirror, sync) : throw new MirrorConfigurationException(problems);
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> problems) where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key ("Failed to convert configuration value at 'Sync:Interval' to type 'System.TimeSpan'").
            problems.Add(e.Message + (typeof(T) == typeof(SyncOptions) ? " Use hh:mm:ss (00:05:00) or d.hh:mm:ss." : ""));
        }
        return options;
    }
}
