using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// Creates the mirror's tables from the catalog (no migrations) and keeps them in step with it, on either provider: the
/// <see cref="SchemaScript"/> of the provider's dialect is fingerprinted in <c>mirror_meta</c>; when the catalog changes, the mirror (a cache of Harvest)
/// is dropped and rebuilt, and the next pass fills it again.
/// </summary>
public sealed class MirrorSchema(MirrorDatabase database)
{
    private const string FingerprintKey = "schema_fingerprint";

    /// <summary>The SQLite SQL that creates every table and index (what a person would run to build an empty mirror).</summary>
    public static string CreateScript() => SchemaScript.Build(MirrorDialect.Sqlite);

    /// <summary>The same for <paramref name="dialect"/>.</summary>
    public static string CreateScript(MirrorDialect dialect) => SchemaScript.Build(dialect);

    /// <summary>
    /// Creates the folder (SQLite), prepares the database and creates or rebuilds the tables. Idempotent. A database
    /// that cannot be reached or used fails with <see cref="OptionsValidationException"/> naming <c>Mirror:ConnectionString</c>.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await CreateOrRebuildAsync(cancellationToken);
        }
        catch (DbException e) when (database.Dialect == MirrorDialect.Postgres)
        {
            throw Unusable(e);
        }
        catch (Exception e) when (database.Dialect == MirrorDialect.Postgres && e is System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            throw Unusable(e);
        }
    }

    private OptionsValidationException Unusable(Exception e) =>
        new(MirrorOptions.Section, typeof(MirrorOptions),
            [$"Mirror:ConnectionString: the mirror's {database.Location} could not be used (Mirror:Provider is {database.Dialect.Provider}): {e.Message}"]);

    private async Task CreateOrRebuildAsync(CancellationToken cancellationToken)
    {
        if (database.FilePath is { } file)
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var dialect = database.Dialect;
        string script = CreateScript(dialect);
        string fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16];

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (dialect.PrepareSql is { } prepare)
                await Execute(connection, prepare, cancellationToken);
            if (await ReadFingerprint(connection, null, cancellationToken) == fingerprint)
                return;
        }

        await database.WriteAsync(async (connection, transaction) =>
        {
            if (dialect.SchemaLockSql is { } schemaLock)
                await Execute(connection, schemaLock, cancellationToken, transaction);
            // Re-checked under the write lock: another process may have just built it.
            if (await ReadFingerprint(connection, transaction, cancellationToken) == fingerprint)
                return;
            var ours = SchemaScript.TableNames().ToHashSet(StringComparer.Ordinal);
            foreach (string table in (await UserTables(connection, transaction, cancellationToken)).Where(t => dialect.OwnsDatabase || ours.Contains(t)))
                await Execute(connection, $"DROP TABLE {StoredValue.Quote(table)};", cancellationToken, transaction);
            await Execute(connection, script, cancellationToken, transaction);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {SyncTables.Meta} (key, value) VALUES (@key, @value);";
            insert.AddParameter("@key", FingerprintKey);
            insert.AddParameter("@value", fingerprint);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private static async Task<string?> ReadFingerprint(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = MirrorDialect.Of(connection).TableExistsSql;
        command.AddParameter("@name", SyncTables.Meta);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            return null;
        command.CommandText = $"SELECT value FROM {SyncTables.Meta} WHERE key = @key;";
        command.AddParameter("@key", FingerprintKey);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<List<string>> UserTables(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = MirrorDialect.Of(connection).TablesSql;
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task Execute(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
