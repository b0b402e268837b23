using HarvestOData.Harvest.Client;
using Npgsql;
using NpgsqlTypes;

namespace HarvestOData.Harvest.RateLimiting.Postgres;

/// <summary>
/// One Harvest account's <see cref="IRateGateStore"/> in PostgreSQL (<see cref="PostgresRateGateSchema"/>): every node
/// on the database counts the same calls, honours the same <c>Retry-After</c> hold and learns the same budget.
/// Times are this node's (its <see cref="TimeProvider"/>), so every window and hold is widened by
/// <see cref="RateLimitOptions.SharedMargin"/>: the grant-to-arrival gap and the disagreement between nodes' clocks.
/// </summary>
internal sealed class PostgresRateGateStore(PostgresRateGateStores owner, string accountId, RateLimitOptions options) : IRateGateStore
{
    private readonly TimeSpan _window = options.Window + options.SharedMargin;
    private readonly TimeSpan _reportsWindow = options.ReportsWindow + options.SharedMargin;
    private readonly TimeSpan _relearn = RateGate.RelearnAfterWindows * (options.Window + options.SharedMargin);

    public async Task<RateGateDecision> TryTakeAsync(CallBudget budget, RequestPriority priority, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT call_id, wake_at, general_full, blocked, budget FROM harvest_rate.take($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = accountId });
        p.Add(new NpgsqlParameter { Value = (short)Kind(budget), NpgsqlDbType = NpgsqlDbType.Smallint });
        p.Add(new NpgsqlParameter { Value = priority == RequestPriority.Interactive });
        p.Add(new NpgsqlParameter { Value = owner.Node });
        p.Add(new NpgsqlParameter { Value = now.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = options.Requests });
        p.Add(new NpgsqlParameter { Value = _window, NpgsqlDbType = NpgsqlDbType.Interval });
        p.Add(new NpgsqlParameter { Value = options.ReportsRequests });
        p.Add(new NpgsqlParameter { Value = _reportsWindow, NpgsqlDbType = NpgsqlDbType.Interval });
        p.Add(new NpgsqlParameter { Value = options.TokenCheckShare });
        p.Add(new NpgsqlParameter { Value = options.InteractiveReserveShare });
        p.Add(new NpgsqlParameter { Value = owner.InFlight, NpgsqlDbType = NpgsqlDbType.Interval });
        p.Add(new NpgsqlParameter { Value = _relearn, NpgsqlDbType = NpgsqlDbType.Interval });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException("harvest_rate.take returned no row.");
        return new RateGateDecision(
            reader.IsDBNull(0) ? null : reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetBoolean(2),
            reader.IsDBNull(3) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetInt32(4));
    }

    public async Task CompleteAsync(IReadOnlyCollection<AnsweredCall> answers, CancellationToken cancellationToken)
    {
        if (answers.Count == 0)
            return;
        await using var connection = await owner.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT harvest_rate.complete($1, $2, $3, $4, $5, $6)";
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = accountId });
        p.Add(new NpgsqlParameter { Value = answers.Select(a => a.Call).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        p.Add(new NpgsqlParameter { Value = answers.Select(a => a.At.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = options.Requests });
        p.Add(new NpgsqlParameter { Value = _window, NpgsqlDbType = NpgsqlDbType.Interval });
        p.Add(new NpgsqlParameter { Value = _reportsWindow, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset> ThrottleAsync(long? call, TimeSpan retryAfter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT harvest_rate.throttle($1, $2, $3, $4, $5, $6)";
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = accountId });
        p.Add(new NpgsqlParameter { Value = call is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new NpgsqlParameter { Value = now.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter) + options.SharedMargin, NpgsqlDbType = NpgsqlDbType.Interval });
        p.Add(new NpgsqlParameter { Value = options.Requests });
        p.Add(new NpgsqlParameter { Value = _relearn, NpgsqlDbType = NpgsqlDbType.Interval });
        var until = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return until is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : (DateTimeOffset)until!;
    }

    private static int Kind(CallBudget budget) => budget switch
    {
        CallBudget.Reports => 1,
        CallBudget.TokenCheck => 2,
        _ => 0,
    };
}
