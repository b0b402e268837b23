using global::Hangfire;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>
/// The only Hangfire-aware job class: what the recurring jobs <c>sync:{resource}</c> and <c>reconcile:{resource}</c>
/// call. Each takes the resource's <see cref="IResourceMutex"/> first: a tick that finds a pass of its resource still
/// running returns at once and succeeds, instead of waiting on a lock and ending as a red "Failed" job. A failed pass
/// is not retried (<see cref="AutomaticRetryAttribute"/> with no attempts): the Harvest client already retries each
/// call, and the next tick comes soon. Stopping the server cancels the token; the pass stops between pages and its
/// checkpoint lets the next start go on from there.
/// Keep the type and method names stable: Hangfire stores them with every job.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ResourceJobs(IncrementalSync incremental, ReconcileSync reconcile, IResourceMutex mutex, ILogger<ResourceJobs> logger)
{
    [JobDisplayName("sync {0}")]
    public Task Sync(string resource, CancellationToken cancellationToken) => RunAsync("sync", resource, incremental, cancellationToken);

    [JobDisplayName("reconcile {0}")]
    public Task Reconcile(string resource, CancellationToken cancellationToken) => RunAsync("reconcile", resource, reconcile, cancellationToken);

    private async Task RunAsync(string kind, string resource, IScheduledWork<ResourceSync> work, CancellationToken cancellationToken)
    {
        await using var held = await mutex.TryEnterAsync(resource, cancellationToken);
        if (held is null)
        {
            logger.LogInformation("{Kind} of {Resource} skipped: a pass of it is still running.", kind, resource);
            return;
        }
        if (held is not IResourceLease lease)
        {
            await work.RunAsync(new ResourceSync(resource), cancellationToken);
            return;
        }
        // A shared lock lost mid-pass (its database connection died) may already be another node's: stop between pages.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        try
        {
            await work.RunAsync(new ResourceSync(resource), stop.Token);
        }
        catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Kind} of {Resource} stopped: its lock's database connection was lost, so another node may run it now.", kind, resource);
            throw;
        }
    }
}
