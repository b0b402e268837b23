using System.Collections.Concurrent;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// Batches run with <c>Prefer: respond-async</c>: each runs in the background and is polled through its status monitor
/// until done; results are kept for <see cref="WriteOptions.AsyncBatchMinutes"/>, at most
/// <see cref="WriteOptions.MaxAsyncBatches"/> at once. In memory: a restart forgets them (their writes are in Harvest
/// and the mirror regardless).
/// </summary>
public sealed class BatchJobs(IOptions<WriteOptions> options, TimeProvider time, ILogger<BatchJobs> logger)
{
    private readonly ConcurrentDictionary<string, BatchJob> _jobs = new(StringComparer.Ordinal);

    public BatchJob Start(string owner, int total, Func<BatchJob, Task<WriteResponse>> work)
    {
        Prune();
        if (_jobs.Count >= options.Value.MaxAsyncBatches)
        {
            throw new WriteException(503, "TooManyAsyncBatches",
                $"{options.Value.MaxAsyncBatches} asynchronous batches are kept already (OData:Writes:MaxAsyncBatches); retry when older ones have expired.")
            { RetryAfter = TimeSpan.FromMinutes(1) };
        }
        var job = new BatchJob(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(), owner, total, time.GetUtcNow());
        _jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            WriteResponse result;
            try
            {
                result = await work(job).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Asynchronous batch {Batch} failed unexpectedly", job.Id);
                result = e is WriteException refused ? ErrorResponse.From(refused) : ErrorResponse.Create(500, "InternalError", "The batch failed unexpectedly.");
            }
            job.Finish(result, time.GetUtcNow());
        });
        return job;
    }

    /// <summary>The job, when it exists and belongs to <paramref name="owner"/> (others get nothing: 404).</summary>
    public BatchJob? Find(string id, string owner) =>
        _jobs.TryGetValue(id, out var job) && job.Owner == owner ? job : null;

    private void Prune()
    {
        var horizon = time.GetUtcNow() - TimeSpan.FromMinutes(options.Value.AsyncBatchMinutes);
        foreach (var (id, job) in _jobs)
        {
            if (job.FinishedAt is { } finished && finished < horizon)
                _jobs.TryRemove(id, out _);
        }
    }
}

/// <summary>One asynchronous batch: its owner (a hash of account and token), progress and final answer.</summary>
public sealed class BatchJob(string id, string owner, int total, DateTimeOffset startedAt)
{
    private int _completed;

    public string Id { get; } = id;

    public string Owner { get; } = owner;

    public int Total { get; } = total;

    public int Completed => Volatile.Read(ref _completed);

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? FinishedAt { get; private set; }

    public WriteResponse? Result { get; private set; }

    public void Advance() => Interlocked.Increment(ref _completed);

    internal void Finish(WriteResponse result, DateTimeOffset at)
    {
        Result = result;
        FinishedAt = at;
    }
}
