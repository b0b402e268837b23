using global::Hangfire;
using global::Hangfire.Storage;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>
/// The recurring jobs as the rest of the server sees them: their ids, "sync now" (the status page's button, the same as
/// "Trigger now" in the dashboard) and when each resource's next tick is due.
/// </summary>
public sealed class MirrorScheduler(IRecurringJobManagerV2 recurring, JobStorage storage)
{
    /// <summary>Hangfire's queue for the mirror's jobs.</summary>
    public const string Queue = "harvest";

    public static string SyncJobId(string resource) => $"sync:{resource}";

    public static string ReconcileJobId(string resource) => $"reconcile:{resource}";

    /// <summary>Runs a resource's (or every resource's) incremental pass now, outside its schedule.</summary>
    public Task SyncNowAsync(string? resource = null, CancellationToken cancellationToken = default) =>
        TriggerAsync(resource, SyncJobId, cancellationToken);

    /// <summary>Runs a resource's (or every resource's) deletion check now, outside its schedule.</summary>
    public Task ReconcileNowAsync(string? resource = null, CancellationToken cancellationToken = default) =>
        TriggerAsync(resource, ReconcileJobId, cancellationToken);

    /// <summary>When each resource's next incremental tick is due, as the recurring jobs say (resources without one are absent).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> NextSyncs()
    {
        var names = EntityCatalog.Fetched.Select(r => r.Name).ToList();
        using var connection = storage.GetConnection();
        var jobs = connection.GetRecurringJobs(names.Select(SyncJobId));
        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (name, job) in names.Zip(jobs))
        {
            if (job is { Removed: false, NextExecution: { } at })
                next[name] = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        }
        return next;
    }

    private Task TriggerAsync(string? resource, Func<string, string> id, CancellationToken cancellationToken)
    {
        var names = resource is null ? EntityCatalog.Fetched.Select(r => r.Name) : [EntityCatalog.Get(resource).Name];
        foreach (string name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            recurring.TriggerJob(id(name));
        }
        return Task.CompletedTask;
    }
}
