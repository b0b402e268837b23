using HarvestOData.Harvest.Configuration;

namespace HarvestOData.Server.OData.Writes;

/// <summary>The <c>OData:Writes</c> configuration section: bounds of write-back, batches and idempotency keys.</summary>
public sealed class WriteOptions : IValidatedOptions
{
    public const string Section = "OData:Writes";

    /// <summary>
    /// <c>OData:Writes:ThrottleWaitSeconds</c>: how long a write may wait for Harvest's throttle block to lift before it is
    /// answered 503 with <c>Retry-After</c> (nothing is sent meanwhile). Default 30.
    /// </summary>
    public double ThrottleWaitSeconds { get; set; } = 30;

    /// <summary><c>OData:Writes:MaxBatchRequests</c>: requests one <c>$batch</c> may carry. Default 1000.</summary>
    public int MaxBatchRequests { get; set; } = 1000;

    /// <summary><c>OData:Writes:MaxBodyBytes</c>: the largest request body (a whole batch included). Default 4 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// <c>OData:Writes:BatchConcurrency</c>: independent requests of one JSON batch run this many at a time (the shared
    /// rate gate paces them anyway; overlapping hides Harvest's latency). Default 4.
    /// </summary>
    public int BatchConcurrency { get; set; } = 4;

    /// <summary><c>OData:Writes:AsyncBatchMinutes</c>: how long the result of a <c>respond-async</c> batch is kept. Default 60.</summary>
    public double AsyncBatchMinutes { get; set; } = 60;

    /// <summary>
    /// <c>OData:Writes:MaxAsyncBatches</c>: finished or running async batches kept at once (each holds its whole
    /// response in memory). Default 20.
    /// </summary>
    public int MaxAsyncBatches { get; set; } = 20;

    /// <summary><c>OData:Writes:IdempotencyHours</c>: how long an <c>Idempotency-Key</c> is remembered. Default 24.</summary>
    public double IdempotencyHours { get; set; } = 24;

    /// <summary>
    /// <c>OData:Writes:IdempotencyStore</c>: the SQLite file remembering idempotency keys. Empty: <c>idempotency.db</c>
    /// next to the mirror (its own file, so a mirror rebuild never drops the keys).
    /// </summary>
    public string? IdempotencyStore { get; set; }

    public TimeSpan ThrottleWait => TimeSpan.FromSeconds(ThrottleWaitSeconds);

    public IEnumerable<string> Validate()
    {
        if (!(ThrottleWaitSeconds is >= 0 and <= 3600))
            yield return $"{Section}:ThrottleWaitSeconds must be between 0 and 3600 (got {ThrottleWaitSeconds}).";
        if (MaxBatchRequests is < 1 or > 100_000)
            yield return $"{Section}:MaxBatchRequests must be between 1 and 100000 (got {MaxBatchRequests}).";
        if (MaxBodyBytes is < 1024 or > 256 * 1024 * 1024)
            yield return $"{Section}:MaxBodyBytes must be between 1024 and 268435456 (got {MaxBodyBytes}).";
        if (BatchConcurrency is < 1 or > 64)
            yield return $"{Section}:BatchConcurrency must be between 1 and 64 (got {BatchConcurrency}).";
        if (!(AsyncBatchMinutes is > 0 and <= 7 * 24 * 60))
            yield return $"{Section}:AsyncBatchMinutes must be above 0 and at most 10080 (got {AsyncBatchMinutes}).";
        if (MaxAsyncBatches is < 1 or > 100_000)
            yield return $"{Section}:MaxAsyncBatches must be between 1 and 100000 (got {MaxAsyncBatches}).";
        if (!(IdempotencyHours is > 0 and <= 24 * 30))
            yield return $"{Section}:IdempotencyHours must be above 0 and at most 720 (got {IdempotencyHours}).";
    }
}
