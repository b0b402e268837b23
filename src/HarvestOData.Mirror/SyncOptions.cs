using HarvestOData.Harvest.Configuration;
namespace HarvestOData.Mirror;

/// <summary>The <c>Sync</c> configuration section: how often and how hard the mirror follows Harvest.</summary>
public sealed class SyncOptions : IValidatedOptions
{
    public const string Section = "Sync";

    /// <summary><c>Sync:Interval</c>: delay between the end of one incremental pass of a resource and the start of the next.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Sync:ReconcileInterval</c>: delay between deletion checks of a resource.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// <c>Sync:ChildSweepInterval</c>: how often the deletion check also re-lists the per-parent resources (messages,
    /// payments, rates) of every parent, not only of the parents that changed. Their deletions are otherwise seen only
    /// when the parent's <c>updated_at</c> moves, and a full sweep costs one call per parent.
    /// </summary>
    public TimeSpan ChildSweepInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// <c>Sync:Overlap</c>: how far behind the watermark <c>updated_since</c> starts. Harvest's boundary is exclusive and
    /// has second precision, and a long walk's watermark is our clock, not Harvest's: the overlap absorbs both.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Sync:ConcurrentResources</c>: resources passed at once by one run (keeps the rate gate busy).</summary>
    public int ConcurrentResources { get; set; } = 8;

    /// <summary><c>Sync:ParallelPages</c>: page-number pages (or per-parent lists) of one resource fetched at once.</summary>
    public int ParallelPages { get; set; } = 4;

    /// <summary><c>Sync:LeaseDuration</c>: how long a runner owns a resource without renewing (renewed on every page).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Errors naming the configuration key; empty when the options are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (Interval < TimeSpan.FromSeconds(1))
            yield return $"Sync:Interval must be at least one second (got {Interval}).";
        if (ReconcileInterval < TimeSpan.FromSeconds(1))
            yield return $"Sync:ReconcileInterval must be at least one second (got {ReconcileInterval}).";
        if (ChildSweepInterval < TimeSpan.Zero)
            yield return $"Sync:ChildSweepInterval must not be negative (got {ChildSweepInterval}).";
        if (Overlap < TimeSpan.FromSeconds(1))
            yield return $"Sync:Overlap must be at least one second: Harvest's updated_since is exclusive with second precision (got {Overlap}).";
        if (ConcurrentResources is < 1 or > 32)
            yield return $"Sync:ConcurrentResources must be between 1 and 32 (got {ConcurrentResources}).";
        if (ParallelPages is < 1 or > 32)
            yield return $"Sync:ParallelPages must be between 1 and 32 (got {ParallelPages}).";
        if (LeaseDuration < TimeSpan.FromSeconds(5))
            yield return $"Sync:LeaseDuration must be at least five seconds (got {LeaseDuration}).";
    }
}
