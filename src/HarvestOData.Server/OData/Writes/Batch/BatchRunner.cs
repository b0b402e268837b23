using System.Collections.Concurrent;
using HarvestOData.Server.OData.Writes.Idempotency;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// Runs the requests of a batch under the shared rate gate (every Harvest call passes it, so a batch never goes over
/// the limit however large). A change set runs in order and stops at its first failure: the requests after it are
/// answered 424 and not run. HARVEST HAS NO TRANSACTIONS: the writes a failed change set completed before the failure
/// are NOT rolled back in Harvest, they are reported with their own success status, and the mirror shows exactly what
/// Harvest did. Without <c>Prefer: continue-on-error</c> no further request starts after a failure (OData 4.01 Protocol, section 8.2.8.3).
/// JSON batches run independent requests up to <see cref="WriteOptions.BatchConcurrency"/> at a time, honouring
/// <c>dependsOn</c>; multipart batches run strictly in order.
/// </summary>
public sealed class BatchRunner(WriteExecutor executor, IdempotencyGuard idempotency, BatchReads reads, IOptions<WriteOptions> options)
{
    public async Task<IReadOnlyList<BatchOutcome>> RunAsync(WriteSession session, BatchDocument document, BatchOrigin origin,
        bool continueOnError, Action? partDone, CancellationToken cancellationToken)
    {
        var run = new Run(session, origin, continueOnError, partDone);
        var units = Units(document.Parts);
        if (document.Format == BatchFormat.Multipart || options.Value.BatchConcurrency == 1)
        {
            foreach (var unit in units)
                await RunUnitAsync(run, unit, [], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var slots = new SemaphoreSlim(options.Value.BatchConcurrency);
            var tasks = new Dictionary<string, Task<bool>>(StringComparer.Ordinal);
            var all = new List<Task<bool>>();
            foreach (var unit in units)
            {
                var dependencies = unit.SelectMany(p => p.DependsOn).Distinct()
                    .Where(d => !unit.Any(p => p.Id == d || p.Group == d)).Select(d => tasks[d]).Distinct().ToList();
                var task = ThrottledAsync(run, unit, dependencies, slots, cancellationToken);
                foreach (var part in unit)
                {
                    tasks[part.Id] = task;
                    if (part.Group is not null)
                        tasks[part.Group] = task;
                }
                all.Add(task);
            }
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        return document.Parts.Where(p => run.Results.ContainsKey(p.Id)).Select(p => new BatchOutcome(p, run.Results[p.Id])).ToList();
    }

    private async Task<bool> ThrottledAsync(Run run, List<BatchPart> unit, List<Task<bool>> dependencies, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var succeeded = await Task.WhenAll(dependencies).ConfigureAwait(false);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunUnitAsync(run, unit, succeeded, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Runs one request or one change set; true when every request in it succeeded.</summary>
    private async Task<bool> RunUnitAsync(Run run, List<BatchPart> unit, bool[] dependencies, CancellationToken cancellationToken)
    {
        if (run.Stopped)
            return false;
        string? failedBefore = dependencies.All(ok => ok) ? null : "a request it depends on failed";
        foreach (var part in unit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var response = failedBefore is not null
                ? ErrorResponse.Create(424, "FailedDependency", $"Not run: {failedBefore}. Writes completed before it are not rolled back (Harvest has no transactions).")
                : await RunPartAsync(run, part, cancellationToken).ConfigureAwait(false);
            run.Results[part.Id] = response;
            run.PartDone?.Invoke();
            if (!response.IsSuccess && failedBefore is null)
                failedBefore = $"request '{part.Id}' of {(part.Group is null ? "the batch" : $"change set '{part.Group}'")} failed";
        }
        if (failedBefore is not null && !run.ContinueOnError)
            run.Stopped = true;
        return failedBefore is null;
    }

    private async Task<WriteResponse> RunPartAsync(Run run, BatchPart part, CancellationToken cancellationToken)
    {
        string relative;
        try
        {
            relative = BatchUrls.Relative(part.Url, run.Session.ServiceRoot, run.LocationOf);
        }
        catch (WriteException e)
        {
            return ErrorResponse.From(e);
        }
        if (relative.StartsWith(WriteHandler.BatchSegment, StringComparison.OrdinalIgnoreCase))
            return ErrorResponse.Create(400, "BadRequest", "A batch cannot contain another batch.");
        if (part.Method is "GET" or "HEAD")
            return await reads.GetAsync(run.Origin, relative, part.Headers, cancellationToken).ConfigureAwait(false);
        var request = new WriteRequest(part.Method, relative, part.Headers, part.Body);
        return await idempotency.RunAsync(run.Session, request, () => executor.ExecuteAsync(run.Session, request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Consecutive requests of one change set form one unit; every other request is a unit of its own.</summary>
    private static List<List<BatchPart>> Units(IReadOnlyList<BatchPart> parts)
    {
        var units = new List<List<BatchPart>>();
        foreach (var part in parts)
        {
            if (part.Group is not null && units.Count > 0 && units[^1][0].Group == part.Group)
                units[^1].Add(part);
            else
                units.Add([part]);
        }
        return units;
    }

    private sealed class Run(WriteSession session, BatchOrigin origin, bool continueOnError, Action? partDone)
    {
        public WriteSession Session { get; } = session;

        public BatchOrigin Origin { get; } = origin;

        public bool ContinueOnError { get; } = continueOnError;

        public Action? PartDone { get; } = partDone;

        public ConcurrentDictionary<string, WriteResponse> Results { get; } = new(StringComparer.Ordinal);

        public volatile bool Stopped;

        public string? LocationOf(string id) =>
            Results.TryGetValue(id, out var response) && response.IsSuccess ? response.Headers.GetValueOrDefault("Location") : null;
    }
}
