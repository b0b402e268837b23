using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// One incremental pass of one resource, engine-free (the Hangfire job, <c>sync --once</c>, the bench and the tests all
/// call this). Takes the resource's lease, picks the pass its kind needs — a full or incremental list walk, a whole
/// refresh, or the per-parent lists of changed parents — and records the outcome in <c>sync_state</c>.
/// </summary>
public sealed class SyncPass(IHarvestClient client, MirrorDatabase database, SyncLease lease, TimeProvider time,
    IOptions<SyncOptions> options, ILogger<SyncPass> logger)
{
    private readonly SyncOptions _options = options.Value;

    public Task<PassResult> RunAsync(string resource, IWorkProgress? progress = null, CancellationToken cancellationToken = default) =>
        RunLeasedAsync(resource, "incremental", progress, (run, state, token) => PassAsync(run, state, sweepChildren: false, token), cancellationToken);

    /// <summary>The incremental step itself, for a caller that already holds the lease (the deletion check runs it first).</summary>
    internal async Task PassAsync(PassRun run, SyncState state, bool sweepChildren, CancellationToken cancellationToken)
    {
        var resource = run.Resource;
        if (resource.Kind == ResourceKind.PerParent)
            await new ChildPass(client, _options).RunAsync(run, sweepChildren || state.LastChildSweepAt is null, cancellationToken);
        else if (resource.Kind == ResourceKind.Singleton || !resource.SupportsUpdatedSince)
            await new WholeRefresh(client).RunAsync(run, cancellationToken);
        else
            await new ListPass(client, _options).RunAsync(run, state, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="body"/> while holding <paramref name="resourceName"/>'s lease and records success or failure.
    /// A held lease means another runner is on it: the result is <see cref="PassOutcome.Skipped"/>.
    /// </summary>
    internal async Task<PassResult> RunLeasedAsync(string resourceName, string kind, IWorkProgress? progress,
        Func<PassRun, SyncState, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        var resource = EntityCatalog.Find(resourceName) ?? throw new ArgumentException($"Unknown Harvest resource '{resourceName}'.", nameof(resourceName));
        if (resource.Kind == ResourceKind.Embedded)
            throw new ArgumentException($"{resource.Name} is embedded in {resource.Parent} and synced with it.", nameof(resourceName));
        string owner = SyncLease.NewOwner();
        var run = new PassRun(resource, owner, progress ?? NoProgress.Instance, database, lease, time) { Kind = kind };
        if (!await lease.TryAcquireAsync(resource.Name, owner, cancellationToken))
        {
            run.Report("skipped");
            return new PassResult(resource.Name, kind, PassOutcome.Skipped, 0, 0, 0, 0, "another runner holds the lease");
        }
        try
        {
            var state = await new SyncStateStore(database).ReadAsync(resource.Name, cancellationToken);
            await body(run, state, cancellationToken);
            long rows = await database.WriteAsync(async (connection, transaction) =>
            {
                long count = await SyncStateStore.CountRowsAsync(connection, transaction, resource, cancellationToken);
                await SyncStateStore.UpdateAsync(connection, transaction, resource.Name, cancellationToken,
                    SyncStateColumns.Rows.Set(count), SyncStateColumns.LastSuccessAt.Set(time.GetUtcNow()), SyncStateColumns.LastPass.Set(run.Kind),
                    SyncStateColumns.LastPassCalls.Set(run.Calls), SyncStateColumns.LastPassChanged.Set(run.Changed),
                    SyncStateColumns.LastError.Set(null), SyncStateColumns.LastErrorAt.Set(null));
                return count;
            }, cancellationToken);
            run.Report("done");
            return new PassResult(resource.Name, run.Kind, PassOutcome.Completed, run.Calls, run.Changed, run.Deleted, rows);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            string error = Describe(e);
            logger.LogWarning(e, "Sync of {Resource} failed: {Error}", resource.Name, error);
            await database.WriteAsync((connection, transaction) => SyncStateStore.UpdateAsync(connection, transaction, resource.Name, CancellationToken.None,
                SyncStateColumns.LastError.Set(error), SyncStateColumns.LastErrorAt.Set(time.GetUtcNow())), CancellationToken.None);
            run.Report("failed");
            return new PassResult(resource.Name, run.Kind, PassOutcome.Failed, run.Calls, run.Changed, run.Deleted, 0, error);
        }
        finally
        {
            await lease.ReleaseAsync(resource.Name, owner);
        }
    }

    /// <summary>A one-line reason for the status page; Harvest's own message when it sent one. Never carries a token.</summary>
    public static string Describe(Exception e) => e switch
    {
        HarvestApiException { InnerException: HttpRequestException or IOException } api => $"Harvest could not be reached: {api.Message}",
        HarvestApiException api => api.Message,
        HttpRequestException http => $"Harvest could not be reached: {http.Message}",
        TaskCanceledException or TimeoutException => "Harvest did not answer in time.",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
