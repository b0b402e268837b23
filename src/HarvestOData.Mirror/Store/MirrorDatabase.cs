using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// The mirror file: connections (read-write, read-only) and serialised write transactions.
/// Writers of one file queue on an in-process gate (SQLite has one writer at a time; queueing beats busy-waiting),
/// and readers never wait for them thanks to WAL.
/// </summary>
public sealed class MirrorDatabase
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.OrdinalIgnoreCase);

    private readonly SemaphoreSlim _writeGate;

    public MirrorDatabase(IOptions<MirrorOptions> options)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            // Declared, not enforced: a partial mirror (a manager's token, a page not yet fetched) must still insert.
            ForeignKeys = false,
        };
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        FilePath = builder.DataSource;
        ConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadOnly;
        ReadOnlyConnectionString = builder.ToString();
        _writeGate = WriteGates.GetOrAdd(FilePath, _ => new SemaphoreSlim(1, 1));
    }

    public string FilePath { get; }

    /// <summary>Read-write connection string (foreign keys off).</summary>
    public string ConnectionString { get; }

    /// <summary>For readers such as the OData layer: <c>Mode=ReadOnly</c>, so a bug can never write.</summary>
    public string ReadOnlyConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // In WAL mode NORMAL never corrupts and keeps every commit across a process crash; only a power cut may lose
        // the last commits, and those pages are re-read from their checkpoint. FULL would fsync every page.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async Task<SqliteConnection> OpenReadOnlyAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ReadOnlyConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // IMMEDIATE: take the write lock up front, so a transaction never fails half-way on an upgrade to writer.
            await using var transaction = connection.BeginTransaction(deferred: false);
            T result = await work(connection, transaction);
            // The commit is not cancelled: a page and its checkpoint land together or not at all.
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, cancellationToken);
}
