using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests.Support;

/// <summary>
/// An empty mirror without Harvest, for the store's own tests: a file in a temp folder, or (provider <c>postgres</c>) a
/// fresh database on the tests' private PostgreSQL cluster.
/// </summary>
public sealed class TestStore : IDisposable
{
    private readonly TempFolder _folder = new();

    private TestStore(TimeProvider time, string provider)
    {
        Time = time;
        Options = new MirrorOptions { Provider = provider, ConnectionString = ConnectionString(provider, _folder) };
        Database = new MirrorDatabase(Microsoft.Extensions.Options.Options.Create(Options));
        Schema = new MirrorSchema(Database);
        Reader = new MirrorReader(Database);
    }

    /// <summary>The <c>Mirror:ConnectionString</c> of a new, empty mirror on <paramref name="provider"/>.</summary>
    public static string ConnectionString(string provider, TempFolder folder) => provider == MirrorDialect.PostgresProvider
        ? PostgresCluster.Shared.CreateDatabase("mirror")
        : $"Data Source={folder.File("harvest.db")}";

    public static async Task<TestStore> CreateAsync(TimeProvider? time = null, string provider = MirrorDialect.SqliteProvider)
    {
        var store = new TestStore(time ?? TimeProvider.System, provider);
        await store.Schema.EnsureCreatedAsync();
        return store;
    }

    public TimeProvider Time { get; }

    public MirrorOptions Options { get; }

    public MirrorDatabase Database { get; }

    public MirrorSchema Schema { get; }

    public MirrorReader Reader { get; }

    public SyncLease Lease(SyncOptions? options = null) => new(Database, Time, Microsoft.Extensions.Options.Options.Create(options ?? new SyncOptions()));

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<long> ScalarAsync(string sql) => (long)(await QueryAsync(sql))[0][0]!;

    public void Dispose() => _folder.Dispose();
}
