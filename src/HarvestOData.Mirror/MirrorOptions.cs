using HarvestOData.Harvest.Configuration;
using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HarvestOData.Mirror;

/// <summary>The <c>Mirror</c> configuration section: where the mirror lives.</summary>
public sealed class MirrorOptions : IValidatedOptions
{
    public const string Section = "Mirror";
    public const string DefaultConnectionString = "Data Source=data/harvest.db";

    /// <summary><c>Mirror:Provider</c>: <c>sqlite</c> (one file, the default) or <c>postgres</c> (a PostgreSQL database).</summary>
    public string Provider { get; set; } = MirrorDialect.SqliteProvider;

    /// <summary>
    /// <c>Mirror:ConnectionString</c>: on SQLite the file (its folder is created at start), on PostgreSQL an Npgsql
    /// connection string (<c>Host=…;Database=…;Username=…</c>).
    /// </summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>Whether the mirror is a PostgreSQL database rather than a SQLite file.</summary>
    public bool IsPostgres => MirrorDialect.Find(Provider) == MirrorDialect.Postgres;

    /// <summary>The mirror file's full path (SQLite only).</summary>
    public string DataSourcePath => Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource);

    internal static string UnknownProvider(string? provider) =>
        $"Mirror:Provider '{provider}' is not supported; use '{MirrorDialect.SqliteProvider}' or '{MirrorDialect.PostgresProvider}'.";

    /// <summary>Errors naming the configuration key; empty when the options are usable.</summary>
    public IEnumerable<string> Validate()
    {
        var dialect = MirrorDialect.Find(Provider);
        if (dialect is null)
        {
            yield return UnknownProvider(Provider);
            yield break;
        }
        if (dialect == MirrorDialect.Postgres)
        {
            foreach (string problem in ValidatePostgres())
                yield return problem;
            yield break;
        }

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

    private IEnumerable<string> ValidatePostgres()
    {
        NpgsqlConnectionStringBuilder? builder = null;
        string? error = null;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            error = $"Mirror:ConnectionString is not an Npgsql connection string (Mirror:Provider is postgres): {e.Message}";
        }
        if (error is not null)
            yield return error;
        else if (string.IsNullOrWhiteSpace(builder!.Host) || string.IsNullOrWhiteSpace(builder.Database))
            yield return "Mirror:ConnectionString must name the PostgreSQL server and database when Mirror:Provider is postgres (Host=…;Database=…;Username=…).";
    }
}
