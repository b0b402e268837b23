using System.Text;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Storage;
using Npgsql;

namespace HarvestOData.Server.Tests.OData;

/// <summary>
/// The PostgreSQL row source on its own: columns come out as SQLite holds them (what the writers read), the shared
/// value list binds as positional parameters, sessions are read-only, and a timeout stops the query with the answer a
/// SQLite interrupt gets.
/// </summary>
public sealed class PostgresRowSourceTests : IAsyncLifetime
{
    private readonly string _connectionString = PostgresCluster.Shared.CreateDatabase("rows");
    private MirrorConnections _mirror = null!;

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TABLE t (id bigint, flag boolean, hours numeric, day date, stamp timestamptz, note text);
            INSERT INTO t VALUES (7, true, 96.5, '2024-03-01', '2024-03-01T09:30:00Z', 'naïve'),
                                 (8, false, 0.1, '2024-12-31', '2024-12-31T23:59:59Z', NULL);
            """, connection);
        await command.ExecuteNonQueryAsync();
        _mirror = new MirrorConnections(new MirrorOptions { Provider = MirrorDialect.PostgresProvider, ConnectionString = _connectionString }, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _mirror.DisposeAsync();

    [Fact]
    public async Task Columns_read_as_sqlite_holds_them()
    {
        await using var session = await _mirror.OpenAsync(CancellationToken.None);
        using var rows = session.Prepare("SELECT id, flag, hours, day, stamp, note, count(*) OVER () FROM t ORDER BY id");
        rows.Bind([]);

        Assert.True(rows.Step());
        Assert.Equal((ColumnType.Integer, 7L), (rows.Type(0), rows.Int64(0)));
        Assert.Equal((ColumnType.Integer, 1L), (rows.Type(1), rows.Int64(1)));
        Assert.Equal((ColumnType.Float, 96.5), (rows.Type(2), rows.Double(2)));
        Assert.Equal((ColumnType.Text, "2024-03-01"), (rows.Type(3), Encoding.UTF8.GetString(rows.Utf8(3))));
        Assert.Equal((ColumnType.Text, "2024-03-01T09:30:00Z"), (rows.Type(4), Encoding.UTF8.GetString(rows.Utf8(4))));
        Assert.Equal("naïve", Encoding.UTF8.GetString(rows.Utf8(5)));
        Assert.Equal(2L, rows.Value(6));
        // The writers read columns again and out of order (the key after the properties): still the same row.
        Assert.Equal(7L, rows.Int64(0));

        Assert.True(rows.Step());
        Assert.Equal(0L, rows.Int64(1));
        Assert.True(rows.IsNull(5));
        Assert.Null(rows.Value(5));
        Assert.False(rows.Step());
    }

    [Fact]
    public async Task The_shared_values_bind_by_position_and_text_compares_with_dates_as_on_sqlite()
    {
        await using var session = await _mirror.OpenAsync(CancellationToken.None);
        // $1 is an expansion's slot this statement never mentions (NULL): it must still be sent typed.
        object?[] values = [null, "2024-06-01", 1.5, 8L];
        Assert.Equal(1, session.Count("SELECT count(*) FROM t WHERE day > $2 AND hours < $3 AND id = $4", values));
        Assert.True(session.Exists("SELECT 1 FROM t WHERE stamp = $2", ["x", "2024-03-01T09:30:00Z"]));
        Assert.False(session.Exists("SELECT 1 FROM t WHERE note = $1", ["nobody"]));
    }

    [Fact]
    public async Task An_expansion_level_reads_while_the_level_above_is_open()
    {
        await using var session = await _mirror.OpenAsync(CancellationToken.None);
        using var outer = session.Prepare("SELECT id FROM t ORDER BY id");
        using var inner = session.Prepare("SELECT hours FROM t WHERE id = $1", level: 1);
        outer.Bind([]);
        var hours = new List<double>();
        while (outer.Step())
        {
            inner.Bind([outer.Int64(0)]);
            Assert.True(inner.Step());
            hours.Add(inner.Double(0));
        }
        Assert.Equal([96.5, 0.1], hours);
    }

    [Fact]
    public async Task A_session_cannot_write()
    {
        await using var session = await _mirror.OpenAsync(CancellationToken.None);
        using var statement = session.Prepare("DELETE FROM t");
        statement.Bind([]);
        var error = Assert.Throws<PostgresException>(() => statement.Step());
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, error.SqlState);
    }

    [Fact]
    public async Task A_timed_out_query_is_stopped_and_answered_as_a_query_timeout()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await using var session = await _mirror.OpenAsync(timeout.Token);
        using var statement = session.Prepare("SELECT pg_sleep(20)");
        statement.Bind([]);
        var started = DateTime.UtcNow;
        var error = Assert.ThrowsAny<Exception>(() => statement.Step());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the cancel must stop the query, not wait for it");
        Assert.Equal("QueryTimeout", ErrorMapping.Map(error, timedOut: true)?.Code);
    }
}
