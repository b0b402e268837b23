using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// A request's pooled read-only SQLite connection. SQLite runs any number of statements at once on one connection, so
/// expansions share it; a cancelled request interrupts whatever statement is stepping.
/// </summary>
internal sealed class SqliteSession : MirrorSession
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly CancellationTokenRegistration _interrupt;

    public SqliteSession(SqliteConnection connection, CancellationToken cancellationToken)
    {
        _connection = connection;
        _db = connection.Handle!;
        _interrupt = cancellationToken.Register(static state => raw.sqlite3_interrupt((sqlite3)state!), _db);
    }

    public override SqlStatement Prepare(string sql, int level = 0) => new(_db, sql);

    public override async ValueTask DisposeAsync()
    {
        await _interrupt.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
