using System.Globalization;
using System.Text.Json;
using HarvestOData.Mirror;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes.Idempotency;

/// <summary>
/// Remembered answers by idempotency key, in a small SQLite file of their own (<c>idempotency.db</c> next to the mirror,
/// so a mirror rebuild never forgets them), for <see cref="WriteOptions.IdempotencyHours"/>. Keys are stored only as a
/// hash of account, caller token and key: neither the token nor the key can be read back.
/// </summary>
public sealed class IdempotencyStore : IDisposable
{
    private readonly string _connectionString;
    private readonly TimeSpan _keep;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _created;

    public IdempotencyStore(IOptions<WriteOptions> options, MirrorOptions mirror, TimeProvider time)
    {
        string path = options.Value.IdempotencyStore is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetDirectoryName(mirror.DataSourcePath)!, "idempotency.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 10 }.ToString();
        _keep = TimeSpan.FromHours(options.Value.IdempotencyHours);
        _time = time;
    }

    public async Task<StoredReply?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint, status, headers, body FROM idempotency_keys WHERE key = $key AND created_at >= $since;";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$since", Stamp(_time.GetUtcNow() - _keep));
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
        command.CommandText = """
            DELETE FROM idempotency_keys WHERE created_at < $since;
            INSERT OR REPLACE INTO idempotency_keys (key, fingerprint, status, headers, body, created_at)
            VALUES ($key, $fingerprint, $status, $headers, $body, $now);
            """;
        var now = _time.GetUtcNow();
        command.Parameters.AddWithValue("$since", Stamp(now - _keep));
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        command.Parameters.AddWithValue("$status", response.Status);
        command.Parameters.AddWithValue("$headers", JsonSerializer.Serialize(response.Headers));
        command.Parameters.AddWithValue("$body", response.Body);
        command.Parameters.AddWithValue("$now", Stamp(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!_created)
            await CreateAsync(connection, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task CreateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schema.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS idempotency_keys (
                    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
                    headers TEXT NOT NULL, body BLOB NOT NULL, created_at TEXT NOT NULL);
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
