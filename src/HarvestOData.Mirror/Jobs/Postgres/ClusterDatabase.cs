using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HarvestOData.Mirror.Jobs.Postgres;

/// <summary>
/// The PostgreSQL database several nodes share, as the jobs layer needs it: <c>Mirror:Provider</c> <c>postgres</c> and
/// <c>Mirror:ConnectionString</c> (Npgsql). Read straight from configuration so the jobs do not depend on how the
/// mirror's own options grow; a misconfigured string fails at start naming the key.
/// </summary>
public static class ClusterDatabase
{
    public const string Provider = "postgres";

    /// <summary>The Npgsql connection string when the mirror is on PostgreSQL; null on SQLite (one node).</summary>
    public static string? ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.Equals(configuration["Mirror:Provider"]?.Trim(), Provider, StringComparison.OrdinalIgnoreCase))
            return null;
        string? value = configuration["Mirror:ConnectionString"];
        if (string.IsNullOrWhiteSpace(value))
            throw Refused("Mirror:ConnectionString must be set to an Npgsql connection string (Host=…;Database=…;Username=…) when Mirror:Provider is 'postgres'.");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
                throw Refused("Mirror:ConnectionString must name Host and Database when Mirror:Provider is 'postgres'.");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw Refused($"Mirror:ConnectionString is not an Npgsql connection string: {e.Message}");
        }
        return value;
    }

    private static OptionsValidationException Refused(string problem) =>
        new(Options.DefaultName, typeof(MirrorOptions), [problem]);
}
