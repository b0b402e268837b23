using System.Security.Cryptography;
using System.Text;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Sandbox;
using Npgsql;

namespace HarvestOData.Server.Tests.Support;

/// <summary>
/// A test's mirror on one <c>Mirror:Provider</c>: a temp SQLite file, or a fresh database on the tests' private
/// PostgreSQL cluster (<see cref="PostgresCluster"/>). What a test needs of it besides the server: the settings that
/// point a server at it, a checksum of its content (reads never write) and raw SQL (a test that changes rows).
/// </summary>
public sealed class TestMirror
{
    private TestMirror(string provider, string connectionString, string? path)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Path = path;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The file of a SQLite mirror; null on PostgreSQL.</summary>
    public string? Path { get; }

    public bool IsPostgres => Provider == MirrorDialect.PostgresProvider;

    public static TestMirror Create(string provider)
    {
        if (provider == MirrorDialect.PostgresProvider)
            return new TestMirror(provider, PostgresCluster.Shared.CreateDatabase("odata"), null);
        string path = MirrorFile.NewPath();
        return new TestMirror(provider, $"Data Source={path}", path);
    }

    /// <summary>The server settings naming this mirror (<c>Mirror:Provider</c>, <c>Mirror:ConnectionString</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mirror:Provider"] = Provider,
        ["Mirror:ConnectionString"] = ConnectionString,
    };

    /// <summary>
    /// A mirror with the same rows. SQLite copies the file; PostgreSQL cannot copy a database while the fixture's server
    /// still holds connections to it, so the sandbox is synced again into a new one.
    /// </summary>
    public async Task<TestMirror> CopyAsync(HarvestSandbox sandbox)
    {
        if (!IsPostgres)
        {
            string copy = await MirrorFile.CopyAsync(Path!);
            return new TestMirror(Provider, $"Data Source={copy}", copy);
        }
        var fresh = Create(Provider);
        await using var server = new ServerFactory(sandbox, fresh, pageSize: 500);
        await server.SyncAsync();
        return fresh;
    }

    /// <summary>An open connection to the mirror's database: its file, or its test database.</summary>
    public async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        System.Data.Common.DbConnection connection = IsPostgres
            ? new NpgsqlConnection(ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A checksum of every catalog table's content, whatever the row order.</summary>
    public async Task<string> ChecksumAsync()
    {
        if (!IsPostgres)
            return await MirrorFile.ChecksumAsync(Path!);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tables = EntityCatalog.All.Select(r => r.Name).Concat(EntityCatalog.All.SelectMany(r => r.Links).Select(l => l.Table));
        foreach (string table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT * FROM \"{table}\"", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (int i = 0; i < reader.FieldCount; i++)
                    row.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u001f');
                rows.Add(row.ToString());
            }
            rows.Sort(StringComparer.Ordinal);
            hash.AppendData(Encoding.UTF8.GetBytes(table + "\n" + string.Join("\n", rows)));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Deletes the file (a PostgreSQL test database goes with the cluster when the test process ends).</summary>
    public void Delete()
    {
        if (Path is not null)
            MirrorFile.Delete(Path);
    }
}
