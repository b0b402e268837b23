namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// A unit of scheduled work that knows nothing of the job engine (docs/architecture.md#background-jobs): its input is small and serializable, so Hangfire
/// can store it (<see cref="Hangfire.ResourceJobs"/> is the only engine-aware class). The tests call the same classes directly.
/// </summary>
public interface IScheduledWork<TInput>
{
    Task RunAsync(TInput input, CancellationToken cancellationToken);
}

/// <summary>The input of the per-resource jobs: the catalog name of the resource (<c>time_entries</c>).</summary>
public sealed record ResourceSync(string Resource);
