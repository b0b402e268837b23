using HarvestOData.Harvest.Configuration;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror;

/// <summary>The <c>Mirror</c> configuration section: where the mirror lives.</summary>
public sealed class MirrorOptions : IValidatedOptions
{
    public const string Section = "Mirror";
    public const string DefaultConnectionString = "Data Source=data/harvest.db";

    /// <summary><c>Mirror:Provider</c>; only <c>sqlite</c> for now.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary><c>Mirror:ConnectionString</c>; the folder of the file is created at start.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>The mirror file's full path.</summary>
    public string DataSourcePath => Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);

    /// <summary>Errors naming the configuration key; empty when the options are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (!string.Equals(Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
            yield return $"Mirror:Provider '{Provider}' is not supported; use 'sqlite'.";

        SqliteConnectionStringBuilder? builder = null;
        string? error = null;
        try
        {
            builder = new SqliteConnectionStringBuilder(ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            error = $"Mirror:ConnectionString is malformed: {e.Message}";
        }
        if (error is not null)
            yield return error;
        else if (string.IsNullOrWhiteSpace(builder!.DataSource) || builder.DataSource == ":memory:")
            yield return "Mirror:ConnectionString must name a database file (Data Source=path/to/harvest.db).";
        else if (builder.Mode is SqliteOpenMode.Memory or SqliteOpenMode.ReadOnly)
            yield return "Mirror:ConnectionString must open the file read-write (drop Mode=Memory/ReadOnly).";
    }
}
