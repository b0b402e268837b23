using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace HarvestOData.Mirror.Jobs.Quartz;

/// <summary>
/// The recurring jobs on Quartz 4.7 (docs/architecture.md#background-jobs): per resource one incremental job (<c>sync:{resource}</c>, every
/// <c>Sync:Interval</c> measured from the end of the last pass) and one deletion check (<c>reconcile:{resource}</c>,
/// every <c>Sync:ReconcileInterval</c>), all in execution group <c>harvest</c> (a few at a time: the rate gate is
/// the real limit), retried with exponential backoff, scheduler state in its own SQLite file next to the mirror.
/// </summary>
public static class QuartzRegistration
{
    public const string SyncGroup = "sync";
    public const string ReconcileGroup = "reconcile";
    public const string ExecutionGroup = "harvest";
    public const string SchedulerFile = "quartz.db";

    public static JobKey SyncJob(string resource) => new($"sync:{resource}", SyncGroup);

    public static JobKey ReconcileJob(string resource) => new($"reconcile:{resource}", ReconcileGroup);

    /// <summary>Registers the scheduler and its hosted service; call after AddMirror. <paramref name="timeProvider"/> drives Quartz's clock (tests).</summary>
    public static IServiceCollection AddMirrorJobs(this IServiceCollection services, IConfiguration configuration, TimeProvider? timeProvider = null)
    {
        var (mirror, sync) = MirrorConfiguration.Read(configuration);
        string folder = Path.GetDirectoryName(mirror.DataSourcePath)!;
        Directory.CreateDirectory(folder);
        string schedulerDatabase = $"Data Source={Path.Combine(folder, SchedulerFile)}";

        services.AddSingleton<IWorkProgress, QuartzWorkProgress>();
        services.AddTransient<IncrementalSync>();
        services.AddTransient<ReconcileSync>();
        services.AddSingleton<MirrorScheduler>();
        // A restart keeps each trigger's place in its schedule instead of firing every pass again.
        services.Configure<QuartzOptions>(o => o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(s =>
            {
                s.UseSqlite(schedulerDatabase);
                s.ProvisionSchema();
                s.UseExecutionHistory();
            });
            if (timeProvider is not null)
                q.UseTimeProvider(timeProvider);
            q.UseDefaultRetryPolicy(RetryPolicy.Exponential(5, TimeSpan.FromMinutes(1), 2, TimeSpan.FromMinutes(30), 0.2));
            q.PauseTriggerWhenRetriesExhausted();
            q.UseExecutionLimits(l => l.ForGroup(ExecutionGroup, 3));
            q.AddJobTimeout(TimeSpan.FromHours(2));
            var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
            foreach (var resource in EntityCatalog.Fetched)
            {
                Schedule<IncrementalSync>(q, SyncJob(resource.Name), resource.Name, sync.Interval, now, priority: 5);
                // The first deletion check waits an interval: a fresh mirror has nothing to reconcile.
                Schedule<ReconcileSync>(q, ReconcileJob(resource.Name), resource.Name, sync.ReconcileInterval, now + sync.ReconcileInterval, priority: 3);
            }
        });
        // Stopping the server cancels running passes (each page is checkpointed, so nothing is lost) and waits for
        // them to unwind, instead of waiting out the host's shutdown timeout on a long pass.
        services.Configure<QuartzSchedulerOptions>(o => o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static void Schedule<TWork>(IQuartzBuilder q, JobKey key, string resource, TimeSpan interval, DateTimeOffset start, int priority)
        where TWork : IScheduledWork<ResourceSync>
    {
        q.ScheduleJob<QuartzWorkAdapter<TWork>>(
            trigger => trigger.WithIdentity(key.Name, key.Group).ForJob(key).WithExecutionGroup(ExecutionGroup).WithPriority(priority)
                .StartAt(start)
                .WithSimpleSchedule(x => x.WithInterval(interval).RepeatForever().MeasureIntervalFromCompletion(true)
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)),
            job => job.WithIdentity(key).UsingJobData(QuartzWorkAdapter<TWork>.ResourceKey, resource).RequestRecovery(true));
    }
}
