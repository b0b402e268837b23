using Npgsql;

namespace HarvestOData.Harvest.RateLimiting.Postgres;

/// <summary>
/// The <see cref="IRateGateStoreFactory"/> of nodes sharing one PostgreSQL database: one store per Harvest account, all
/// on one connection pool. The schema is installed on first use, under an advisory lock so nodes starting together
/// do not race on it.
/// </summary>
public sealed class PostgresRateGateStores : IRateGateStoreFactory, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly object _installLock = new();
    private Task? _install;

    /// <param name="connectionString">The shared database (Npgsql).</param>
    /// <param name="inFlight">
    /// How long past its window an unanswered call keeps counting: a node killed mid-call never reports the answer.
    /// At least the Harvest client's request timeout, after which the call is answered or abandoned anyway.
    /// </param>
    public PostgresRateGateStores(string connectionString, TimeSpan inFlight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "harvestodata rate gate";
        _dataSource = builder.Build();
        InFlight = inFlight;
        Node = $"{Environment.MachineName}/{Environment.ProcessId}";
    }

    internal TimeSpan InFlight { get; }

    /// <summary>Written with every call, for whoever reads the log.</summary>
    internal string Node { get; }

    public IRateGateStore For(string accountId, RateLimitOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentNullException.ThrowIfNull(options);
        return new PostgresRateGateStore(this, accountId, options);
    }

    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await Installed().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schema install, started on first use and started again if it failed (the database was down).</summary>
    private Task Installed()
    {
        lock (_installLock)
        {
            if (_install is null || _install.IsFaulted || _install.IsCanceled)
                _install = InstallAsync();
            return _install;
        }
    }

    private async Task InstallAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('harvestodata:rate-gate-schema', 0))", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
        await using (var install = new NpgsqlCommand(PostgresRateGateSchema.Install, connection, transaction))
            await install.ExecuteNonQueryAsync().ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
