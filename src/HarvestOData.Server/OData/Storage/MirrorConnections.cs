using HarvestOData.Mirror;
using HarvestOData.Server.OData.Query;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// Read-only connections to the mirror, one per request from Microsoft.Data.Sqlite's pool. Read-only and
/// <c>query_only</c> twice over: the OData read path can never change the mirror, whatever the query says. WAL lets
/// these readers run while a sync writes; the busy timeout covers the moments a checkpoint holds the lock.
/// </summary>
public sealed class MirrorConnections
{
    public MirrorConnections(MirrorOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 10,
        };
        ConnectionString = builder.ToString();
        Path = options.DataSourcePath;
        Dialect = SqlDialect.Of(options);
    }

    /// <summary>The SQL the mirror's database speaks.</summary>
    public SqlDialect Dialect { get; }

    public string ConnectionString { get; }

    public string Path { get; }

    /// <exception cref="MirrorUnavailableException">The mirror file does not exist yet.</exception>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
            throw new MirrorUnavailableException("The mirror has not been created yet; the first sync is still running.");
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA query_only = 1;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>The mirror cannot be read yet (no file, no tables): answered 503 with Retry-After.</summary>
public sealed class MirrorUnavailableException(string message) : Exception(message);
