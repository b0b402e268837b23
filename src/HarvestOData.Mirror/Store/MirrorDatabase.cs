using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// The mirror's database (<c>Mirror:Provider</c>, <c>Mirror:ConnectionString</c>): connections (read-write,
/// read-only) and write transactions, whatever the provider; <see cref="Dialect"/> says what differs.
/// On SQLite writers of one file queue on an in-process gate: it has one writer at a time (queueing beats busy-waiting,
/// and readers never wait for them thanks to WAL). PostgreSQL takes writers side by side, as it must from several
/// nodes anyway (the sync lease keeps passes of one resource apart); serialising one process's writes had made every
/// pass wait on every other's page write, and two nodes in one process ran far below the throttle (bench/sync).
/// </summary>
public sealed class MirrorDatabase
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.OrdinalIgnoreCase);

    private readonly SemaphoreSlim? _writeGate;

    public MirrorDatabase(IOptions<MirrorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dialect = MirrorDialect.Find(options.Value.Provider)
            ?? throw new OptionsValidationException(MirrorOptions.Section, typeof(MirrorOptions), [MirrorOptions.UnknownProvider(options.Value.Provider)]);
        if (Dialect == MirrorDialect.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
            {
                // Declared, not enforced: a partial mirror (a manager's token, a page not yet fetched) must still insert.
                ForeignKeys = false,
            };
            builder.DataSource = Path.GetFullPath(builder.DataSource);
            FilePath = builder.DataSource;
            Location = FilePath;
            ConnectionString = builder.ToString();
            builder.Mode = SqliteOpenMode.ReadOnly;
            ReadOnlyConnectionString = builder.ToString();
        }
        else
        {
            var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
            Location = $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
            ConnectionString = builder.ToString();
            // Read-only at the server, as SQLite's Mode=ReadOnly: a reader's bug can never write.
            builder.Options = (builder.Options + " -c default_transaction_read_only=on").Trim();
            ReadOnlyConnectionString = builder.ToString();
        }
        if (FilePath is not null)
            _writeGate = WriteGates.GetOrAdd(FilePath, _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>What differs between the providers: SQL, types and connections.</summary>
    public MirrorDialect Dialect { get; }

    /// <summary>The mirror file's full path on SQLite; null on a database server.</summary>
    public string? FilePath { get; }

    /// <summary>Where the mirror lives, for people (a file path, or the database and host; never a password).</summary>
    public string Location { get; }

    /// <summary>Read-write connection string (SQLite: foreign keys off).</summary>
    public string ConnectionString { get; }

    /// <summary>For readers such as the OData layer: read-only at the database, so a bug can never write.</summary>
    public string ReadOnlyConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await Dialect.OnOpenAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(ReadOnlyConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_writeGate is not null)
            await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await Dialect.BeginWriteAsync(connection, cancellationToken);
            T result = await work(connection, transaction);
            // The commit is not cancelled: a page and its checkpoint land together or not at all.
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeGate?.Release();
        }
    }

    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, cancellationToken);
}
