using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// Creates the mirror's tables from the catalog (no migrations) and keeps them in step with it: the
/// <see cref="SchemaScript"/> is fingerprinted in <c>mirror_meta</c>; when the catalog changes, the mirror (a cache of Harvest)
/// is dropped and rebuilt, and the next pass fills it again.
/// </summary>
public sealed class MirrorSchema(MirrorDatabase database)
{
    private const string FingerprintKey = "schema_fingerprint";

    /// <summary>The SQL that creates every table and index (what a person would run to build an empty mirror).</summary>
    public static string CreateScript() => SchemaScript.Build();

    /// <summary>Creates the folder, switches the file to WAL and creates or rebuilds the tables. Idempotent.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);
        string script = CreateScript();
        string fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16];

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            // WAL is a property of the file: readers (OData) never block the writer (sync) and vice versa.
            await Execute(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            if (await ReadFingerprint(connection, cancellationToken) == fingerprint)
                return;
        }

        await database.WriteAsync(async (connection, transaction) =>
        {
            // Re-checked under the write lock: another process may have just built it.
            if (await ReadFingerprint(connection, cancellationToken) == fingerprint)
                return;
            foreach (string table in await UserTables(connection, cancellationToken))
                await Execute(connection, $"DROP TABLE {StoredValue.Quote(table)};", cancellationToken, transaction);
            await Execute(connection, script, cancellationToken, transaction);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {SyncTables.Meta} (key, value) VALUES ($key, $value);";
            insert.Parameters.AddWithValue("$key", FingerprintKey);
            insert.Parameters.AddWithValue("$value", fingerprint);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private static async Task<string?> ReadFingerprint(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", SyncTables.Meta);
        if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
            return null;
        command.CommandText = $"SELECT value FROM {SyncTables.Meta} WHERE key = $key;";
        command.Parameters.AddWithValue("$key", FingerprintKey);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<List<string>> UserTables(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
