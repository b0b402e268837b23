using HarvestOData.Harvest.Configuration;
using Microsoft.Extensions.Configuration;

namespace HarvestOData.Mirror;

/// <summary>
/// Reads and validates the <c>Mirror</c> and <c>Sync</c> sections once, at start (they decide what gets registered);
/// a bad setting throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the key.
/// </summary>
public static class MirrorConfiguration
{
    public static (MirrorOptions Mirror, SyncOptions Sync) Read(IConfiguration configuration) =>
        (configuration.ReadValidated<MirrorOptions>(MirrorOptions.Section), configuration.ReadValidated<SyncOptions>(SyncOptions.Section));

    /// <summary>
    /// The PostgreSQL database several nodes share (the mirror's own, which also holds the jobs and the throttle);
    /// null on SQLite, where everything stays on one node.
    /// </summary>
    public static string? SharedDatabase(IConfiguration configuration)
    {
        var mirror = configuration.ReadValidated<MirrorOptions>(MirrorOptions.Section);
        return mirror.IsPostgres ? mirror.ConnectionString : null;
    }
}
