using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes.Idempotency;

/// <summary>
/// Remembered answers by idempotency key, for <see cref="WriteOptions.IdempotencyHours"/>. On a SQLite mirror they live
/// in a small SQLite file of their own (<c>idempotency.db</c> next to the mirror, so a mirror rebuild never forgets
/// them); on a PostgreSQL mirror in the mirror's database (table <c>idempotency_keys</c>), so every node serving that
/// mirror replays the same answers. Keys are stored only as a hash of account, caller token and key: neither the token
/// nor the key can be read back.
/// </summary>
public sealed class IdempotencyStore : IDisposable
{
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly bool _postgres;
    private readonly TimeSpan _keep;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _created;

    public IdempotencyStore(IOptions<WriteOptions> options, MirrorOptions mirror, MirrorDatabase database, TimeProvider time)
    {
        _postgres = mirror.IsPostgres;
        if (_postgres)
        {
            _open = async cancellationToken => await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            string path = options.Value.IdempotencyStore is { Length: > 0 } configured
                ? Path.GetFullPath(configured)
                : Path.Combine(Path.GetDirectoryName(mirror.DataSourcePath)!, "idempotency.db");
            string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 10 }.ToString();
            _open = async cancellationToken =>
            {
                var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            };
        }
        _keep = TimeSpan.FromHours(options.Value.IdempotencyHours);
        _time = time;
    }

    public async Task<StoredReply?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint, status, headers, body FROM idempotency_keys WHERE key = @key AND created_at >= @since;";
        Add(command, "key", key);
        Add(command, "since", Stamp(_time.GetUtcNow() - _keep));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [];
        return new StoredReply(reader.GetString(0), reader.GetInt32(1), headers, (byte[])reader.GetValue(3));
    }

    public async Task SaveAsync(string key, string fingerprint, WriteResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // One spelling for both providers: SQLite has taken PostgreSQL's ON CONFLICT … DO UPDATE since 3.24.
        command.CommandText = """
            DELETE FROM idempotency_keys WHERE created_at < @since;
            INSERT INTO idempotency_keys (key, fingerprint, status, headers, body, created_at)
            VALUES (@key, @fingerprint, @status, @headers, @body, @now)
            ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
                headers = excluded.headers, body = excluded.body, created_at = excluded.created_at;
            """;
        var now = _time.GetUtcNow();
        Add(command, "since", Stamp(now - _keep));
        Add(command, "key", key);
        Add(command, "fingerprint", fingerprint);
        Add(command, "status", response.Status);
        Add(command, "headers", JsonSerializer.Serialize(response.Headers));
        Add(command, "body", response.Body);
        Add(command, "now", Stamp(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
                await CreateAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CreateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _schema.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            // Stamps are ISO-8601 UTC text on both providers: compared as text, they compare as instants.
            // Two nodes starting together: PostgreSQL's CREATE … IF NOT EXISTS can still collide on its catalog, so the
            // batch (one implicit transaction) takes a transaction-scoped advisory lock first.
            command.CommandText = (_postgres ? "SELECT pg_advisory_xact_lock(hashtext('harvestodata:idempotency_keys'));\n" : "PRAGMA journal_mode=WAL;\n") + $"""
                CREATE TABLE IF NOT EXISTS idempotency_keys (
                    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
                    headers TEXT NOT NULL, body {(_postgres ? "bytea" : "BLOB")} NOT NULL, created_at TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _schema.Release();
        }
    }

    private static string Stamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public void Dispose() => _schema.Dispose();
}

/// <summary>A remembered answer and the fingerprint of the request that produced it.</summary>
public sealed record StoredReply(string Fingerprint, int Status, Dictionary<string, string> Headers, byte[] Body)
{
    public WriteResponse ToResponse()
    {
        var response = new WriteResponse(Status) { Body = Body };
        foreach (var (name, value) in Headers)
            response.Headers[name] = value;
        response.Headers["Idempotent-Replayed"] = "true";
        return response;
    }
}
