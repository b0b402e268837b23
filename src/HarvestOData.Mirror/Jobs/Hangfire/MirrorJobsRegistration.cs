using global::Hangfire;
using global::Hangfire.AspNetCore;
using HarvestOData.Harvest.Configuration;
using HarvestOData.Mirror.Jobs.Postgres;
using HarvestOData.Mirror.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>
/// The recurring jobs on Hangfire: per resource one incremental pass (<c>sync:{resource}</c>, every <c>Sync:Interval</c>)
/// and one deletion check (<c>reconcile:{resource}</c>, every <c>Sync:ReconcileInterval</c>), in queue <c>harvest</c>,
/// declared at every start (<see cref="RecurringPasses"/>), one pass per resource at a time (<see cref="IResourceMutex"/>).
/// </summary>
public static class MirrorJobsRegistration
{
    /// <summary>How long stopping waits for running passes to unwind after their tokens fired (they stop between pages).</summary>
    public static readonly TimeSpan PassShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Registers Hangfire's storage, server and the recurring jobs; call after AddMirror. Validates <c>Sync:Interval</c>,
    /// <c>Sync:ReconcileInterval</c> and <c>Jobs:*</c> now, throwing <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the key.
    /// </summary>
    public static IServiceCollection AddMirrorJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var (_, sync) = MirrorConfiguration.Read(configuration);
        var schedule = SyncSchedule.From(sync);
        var jobs = configuration.ReadValidated<JobsOptions>(JobsOptions.Section);

        string? cluster = MirrorConfiguration.SharedDatabase(configuration);
        string storage = jobs.StorageFor(cluster);

        services.AddSingleton(schedule);
        services.TryAddSingleton<IWorkProgress>(NoProgress.Instance);
        // Jobs shared by several nodes need a mutex they share too: one that dies with its holder's connection.
        if (storage == MirrorJobStorage.Postgres)
            services.TryAddSingleton<IResourceMutex>(sp => new PostgresResourceMutex(cluster!, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IResourceMutex, ProcessResourceMutex>();
        services.AddTransient<IncrementalSync>();
        services.AddTransient<ReconcileSync>();
        services.AddTransient<ResourceJobs>();
        services.AddSingleton<MirrorScheduler>();

        // This host's own storage and activator instead of Hangfire's process-wide JobStorage.Current and
        // JobActivator.Current, which AddHangfire would fall back to: two hosts in one process (a test restarting the
        // server) must neither share jobs nor build them from each other's services.
        services.AddSingleton(_ => MirrorJobStorage.Create(storage, cluster, schedule));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((_, o) =>
        {
            o.ServerName = $"harvestodata:{Environment.MachineName}:{Environment.ProcessId}";
            o.WorkerCount = jobs.Workers;
            o.Queues = [MirrorScheduler.Queue];
            o.SchedulePollingInterval = schedule.PollingInterval;
            // The jobs' tokens fire as soon as the server stops; this is how long their passes get to unwind.
            o.StopTimeout = TimeSpan.Zero;
            o.ShutdownTimeout = PassShutdownTimeout;
        });
        services.AddHostedService<RecurringPasses>();
        // The host must wait longer than Hangfire does, or it abandons passes that are still rolling back a page.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = o.ShutdownTimeout > PassShutdownTimeout + TimeSpan.FromSeconds(10)
            ? o.ShutdownTimeout : PassShutdownTimeout + TimeSpan.FromSeconds(10));
        return services;
    }
}
