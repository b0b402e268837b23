using Npgsql;

namespace HarvestOData.Mirror.Jobs.Postgres;

/// <summary>
/// The <see cref="IResourceMutex"/> of several nodes on one PostgreSQL database: a session advisory lock per resource,
/// taken with <c>pg_try_advisory_lock</c> on a connection of its own that stays open for the whole pass.
/// <para>
/// Why a session lock and not a lock row with an expiry (what Hangfire's <c>DisableConcurrentExecution</c> does on
/// PostgreSQL): the lock lives exactly as long as the holder's session. A node killed mid-pass closes its socket, the
/// server ends the session and the lock is free at once; there is no expiry to tune, so neither a crash blocks the
/// resource for the expiry nor a pass longer than the expiry lets a second copy start. A node that vanishes without
/// closing its socket (power loss, a cut network) is found by the server's TCP keepalives, set short on this session
/// (<see cref="DeadPeerSeconds"/>), so its locks free within a minute too.
/// </para>
/// The connection is not pooled: closing it must end the session, or a lock whose unlock failed would stay with a
/// pooled connection nobody uses.
/// </summary>
public sealed class PostgresResourceMutex : IResourceMutex
{
    /// <summary>How long the server waits for a silent peer before it ends the session and frees its locks (idle + probes).</summary>
    public const int DeadPeerSeconds = 30;

    /// <summary>How often a held lock's connection is checked, so a pass whose lock was lost stops instead of running beside another.</summary>
    internal static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(10);

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public PostgresResourceMutex(string connectionString, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "harvestodata pass lock",
            // The client side of the same story: a dead server is noticed while the pass runs.
            KeepAlive = 15,
        };
        _connectionString = builder.ConnectionString;
    }

    /// <summary>The advisory lock key of a resource's passes (the same on every node).</summary>
    internal const string KeySql = "hashtextextended('harvestodata:pass:' || $1, 0)";

    public async Task<IAsyncDisposable?> TryEnterAsync(string resource, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var keepalive = connection.CreateCommand())
            {
                // Settable by any user, for this session only: the server probes a silent client after 15 s, every 5 s,
                // and gives up after 3 missed answers; unacknowledged writes give up after the same 30 s.
                keepalive.CommandText = "SET tcp_keepalives_idle = 15; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; "
                    + $"SET tcp_user_timeout = {DeadPeerSeconds * 1000};";
                await keepalive.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_try_advisory_lock({KeySql})";
            command.Parameters.Add(new NpgsqlParameter { Value = resource });
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
                return new Held(connection, resource, _time);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// A held lock. <see cref="Lost"/> fires when its connection dies while the pass runs (the server restarted, the
    /// network dropped): the lock is gone with the session, another node may start the resource, so this pass must stop.
    /// </summary>
    private sealed class Held : IResourceLease
    {
        private readonly NpgsqlConnection _connection;
        private readonly string _resource;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watch;
        private int _released;

        public Held(NpgsqlConnection connection, string resource, TimeProvider time)
        {
            _connection = connection;
            _resource = resource;
            _watch = WatchAsync(time);
        }

        public CancellationToken Lost => _lost.Token;

        private async Task WatchAsync(TimeProvider time)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(CheckEvery, time, _stop.Token);
                    await using var ping = _connection.CreateCommand();
                    ping.CommandText = "SELECT 1";
                    await ping.ExecuteScalarAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Released.
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                await _lost.CancelAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            await _stop.CancelAsync();
            try
            {
                await _watch;
                await using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT pg_advisory_unlock({KeySql})";
                command.Parameters.Add(new NpgsqlParameter { Value = _resource });
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The session is gone, and its locks with it.
            }
            finally
            {
                // Closing the unpooled connection ends the session: whatever the unlock did, nothing stays locked.
                await _connection.DisposeAsync();
                _lost.Dispose();
                _stop.Dispose();
            }
        }
    }
}
