using Quartz;

namespace HarvestOData.Mirror.Jobs.Quartz;

/// <summary>
/// The only Quartz-aware job type. <see cref="DisallowConcurrentExecutionAttribute"/> is per JobKey, and there is one
/// JobKey per resource and kind: a resource never overlaps itself while different resources run side by side.
/// Keep the name stable: Quartz stores it in <c>QRTZ_JOB_DETAILS</c>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class QuartzWorkAdapter<TWork>(TWork work) : IJob
    where TWork : IScheduledWork<ResourceSync>
{
    public const string ResourceKey = "resource";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        string resource = context.MergedJobDataMap.GetString(ResourceKey)
            ?? throw new JobExecutionException($"Job {context.JobDetail.Key} has no '{ResourceKey}' in its data map.");
        await work.RunAsync(new ResourceSync(resource), cancellationToken);
    }
}
