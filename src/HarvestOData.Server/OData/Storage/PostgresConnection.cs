using Npgsql;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// One pooled connection of a <see cref="PostgresSession"/> and the statement whose reader is open on it: PostgreSQL
/// streams one result at a time per connection, so a statement about to run ends the reader of the one before it.
/// </summary>
internal sealed class PostgresConnection(NpgsqlConnection connection, CancellationToken cancellation) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private PostgresStatement? _reading;

    public NpgsqlConnection Connection { get; } = connection;

    /// <summary>Makes <paramref name="statement"/> the one reading, ending the reader of any other.</summary>
    /// <exception cref="OperationCanceledException">The request is cancelled: no new statement starts.</exception>
    public void Take(PostgresStatement statement)
    {
        cancellation.ThrowIfCancellationRequested();
        PostgresStatement? previous;
        lock (_gate)
            previous = _reading;
        if (previous is not null && previous != statement)
            previous.Close();
        lock (_gate)
            _reading = statement;
    }

    public void Release(PostgresStatement statement)
    {
        lock (_gate)
        {
            if (_reading == statement)
                _reading = null;
        }
    }

    /// <summary>Cancels what runs on this connection (called from the request's timeout, on another thread).</summary>
    public void Cancel()
    {
        PostgresStatement? reading;
        lock (_gate)
            reading = _reading;
        reading?.Cancel();
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
