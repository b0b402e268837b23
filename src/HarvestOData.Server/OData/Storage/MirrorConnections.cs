using HarvestOData.Mirror;
using HarvestOData.Server.OData.Query;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// Read-only sessions on the mirror, one per request, on the mirror's <c>Mirror:Provider</c>. SQLite: a connection from
/// Microsoft.Data.Sqlite's pool, read-only and <c>query_only</c> twice over, so the OData read path can never change
/// the mirror whatever the query says; WAL lets these readers run while a sync writes, the busy timeout covers the
/// moments a checkpoint holds the lock. PostgreSQL: connections from one Npgsql pool opened with
/// <c>default_transaction_read_only</c>, each command bounded by <c>OData:MaxQuerySeconds</c> as well as cancelled
/// with the request.
/// </summary>
public sealed class MirrorConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _sqlite;

    public MirrorConnections(MirrorOptions options, TimeSpan? maxQueryTime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dialect = SqlDialect.Of(options);
        if (options.IsPostgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            // Planner costs for a mirror that lives in memory (random reads cost little more than sequential ones), and no
            // bitmap scans: a feed page is "the next 5,000 keys that match", which the key's index walks straight to,
            // while a bitmap scan reads and sorts every remaining match of the filter for each page. On the bench's
            // million entries a Power BI date window (26 pages) took 2.3 s of execution with the defaults, 0.19 s with
            // these. Settings in the connection string's own Options come later and win.
            builder.Options = ("-c random_page_cost=1.1 -c enable_bitmapscan=off " + builder.Options + " -c default_transaction_read_only=on").Trim();
            // Text columns are copied to the response as the server sends them (PostgresRow): UTF-8, as JSON wants.
            builder.ClientEncoding = "UTF8";
            // A backstop behind the request's own cancellation (which stops the query first and answers the timeout).
            if (maxQueryTime is { } limit)
                builder.CommandTimeout = (int)Math.Ceiling(limit.TotalSeconds) + 5;
            // Expansions run one statement many times per request: let Npgsql prepare the ones reused.
            if (builder.MaxAutoPrepare == 0)
                builder.MaxAutoPrepare = 64;
            _postgres = NpgsqlDataSource.Create(builder.ToString());
            _sqlite = "";
            return;
        }
        var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 10,
        };
        _sqlite = sqlite.ToString();
        Path = options.DataSourcePath;
    }

    /// <summary>The SQL the mirror's database speaks.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The mirror file (SQLite); null on PostgreSQL.</summary>
    public string? Path { get; }

    /// <summary>A read-only session for one request; <paramref name="cancellationToken"/> also stops its statements.</summary>
    /// <exception cref="MirrorUnavailableException">The mirror file does not exist yet.</exception>
    public async Task<MirrorSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
            return await PostgresSession.OpenAsync(_postgres, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path))
            throw new MirrorUnavailableException("The mirror has not been created yet; the first sync is still running.");
        var connection = new SqliteConnection(_sqlite);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA query_only = 1;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteSession(connection, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>The mirror cannot be read yet (no file, no tables): answered 503 with Retry-After.</summary>
public sealed class MirrorUnavailableException(string message) : Exception(message);
