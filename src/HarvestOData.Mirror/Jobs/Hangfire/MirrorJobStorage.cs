using global::Hangfire;
using global::Hangfire.InMemory;
using global::Hangfire.PostgreSql;
using global::Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>
/// The one place that knows Hangfire's storages. Deliberately absent: Hangfire's community SQLite storage, whose
/// native library replaces the SQLite the mirror itself runs on, and which is single-process by design.
/// </summary>
public static class MirrorJobStorage
{
    /// <summary>In this process's memory: one node, no extra service, no file, no I/O while idle.</summary>
    public const string Memory = "memory";

    /// <summary>In the mirror's PostgreSQL database, schema <see cref="PostgresSchema"/>: every node shares the jobs.</summary>
    public const string Postgres = "postgres";

    /// <summary>Hangfire's tables live apart from the mirror's.</summary>
    public const string PostgresSchema = "hangfire";

    /// <summary>
    /// How long a pass a dead node had fetched stays invisible before another node fetches it again. Running passes
    /// keep their fetch fresh (sliding), so this only delays the recovery of killed ones: with the queue poll below, a
    /// killed node's pass is picked up by another node within a minute.
    /// </summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(40);

    public static readonly IReadOnlyList<string> Kinds = [Memory, Postgres];

    /// <param name="postgres">The shared database's Npgsql connection string; required for <see cref="Postgres"/>.</param>
    /// <param name="schedule">The recurring jobs' schedule: the queue is polled at least as often as it polls for ticks.</param>
    public static JobStorage Create(string kind, string? postgres, SyncSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return kind.ToLowerInvariant() switch
        {
            Memory => new InMemoryStorage(new InMemoryStorageOptions()),
            Postgres when !string.IsNullOrWhiteSpace(postgres) => CreatePostgres(postgres, schedule),
            Postgres => throw new OptionsValidationException(Options.DefaultName, typeof(JobsOptions),
                ["Jobs:Storage 'postgres' needs Mirror:Provider 'postgres' and its Mirror:ConnectionString."]),
            _ => throw new OptionsValidationException(Options.DefaultName, typeof(JobsOptions), [$"Jobs:Storage '{kind}' is not supported."]),
        };
    }

    private static PostgreSqlStorage CreatePostgres(string connectionString, SyncSchedule schedule)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchema,
            // Every node may be the first to start: the storage installs its schema under its own lock.
            PrepareSchemaIfNecessary = true,
            // Without it a pass longer than the invisibility timeout is fetched again by another worker, its first run
            // cancelled, and it starts over at every timeout, forever. With it a running pass keeps its fetch fresh.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = InvisibilityTimeout,
            QueuePollInterval = Min(schedule.PollingInterval, TimeSpan.FromSeconds(15)),
            // Only Hangfire's own short locks use this (recurring-job bookkeeping); passes take the advisory-lock mutex.
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
