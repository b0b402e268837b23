using Npgsql;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// A request's read-only PostgreSQL connections (read-only at the server: <c>default_transaction_read_only</c>). One
/// connection streams one result at a time, and an expansion runs per row of its parent while the parent's reader is
/// open, so each expansion nesting level gets a pooled connection of its own, opened when that level is first prepared.
/// </summary>
/// <remarks>
/// The levels read in separate autocommit statements, not one snapshot: a sync committing between an entity and its
/// expansion can show a related row a moment newer than its parent. SQLite's one connection shows one snapshot per
/// statement too, so a reader never saw the whole response as of one instant there either.
/// </remarks>
internal sealed class PostgresSession : MirrorSession
{
    private readonly NpgsqlDataSource _source;
    private readonly CancellationToken _cancellation;
    private readonly List<PostgresConnection> _levels = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenRegistration _cancel;

    private PostgresSession(NpgsqlDataSource source, PostgresConnection first, CancellationToken cancellationToken)
    {
        _source = source;
        _cancellation = cancellationToken;
        _levels.Add(first);
        _cancel = cancellationToken.Register(static state => ((PostgresSession)state!).CancelAll(), this);
    }

    /// <summary>Opens the first level's connection now, so an unreachable database fails before any response starts.</summary>
    public static async Task<PostgresSession> OpenAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresSession(source, new PostgresConnection(connection, cancellationToken), cancellationToken);
    }

    public override SqlStatement Prepare(string sql, int level = 0) => new(new PostgresStatement(Level(level), sql));

    private PostgresConnection Level(int level)
    {
        lock (_gate)
        {
            while (_levels.Count <= level)
            {
                _cancellation.ThrowIfCancellationRequested();
                _levels.Add(new PostgresConnection(_source.OpenConnection(), _cancellation));
            }
            return _levels[level];
        }
    }

    private void CancelAll()
    {
        PostgresConnection[] levels;
        lock (_gate)
            levels = [.. _levels];
        foreach (var level in levels)
            level.Cancel();
    }

    public override async ValueTask DisposeAsync()
    {
        await _cancel.DisposeAsync().ConfigureAwait(false);
        foreach (var level in _levels)
            await level.DisposeAsync().ConfigureAwait(false);
    }
}
