using System.Globalization;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// <c>Sync:Interval</c> and <c>Sync:ReconcileInterval</c> as the cron expressions of the recurring jobs. Cron ticks
/// follow the clock (UTC), not the end of the last pass, so an interval keeps a steady rhythm only when it divides a
/// minute, an hour or a day evenly: 10 s, 30 s, 5 min, 15 min, 6 h, 24 h. Anything else is refused at start, naming
/// the key. Under a minute the six-field form (seconds first) is used, which Hangfire 1.8 understands.
/// </summary>
public sealed class SyncSchedule
{
    private SyncSchedule(TimeSpan interval, string syncCron, TimeSpan reconcileInterval, string reconcileCron)
    {
        Interval = interval;
        SyncCron = syncCron;
        ReconcileInterval = reconcileInterval;
        ReconcileCron = reconcileCron;
    }

    public TimeSpan Interval { get; }

    /// <summary>The cron expression of every <c>sync:{resource}</c> job.</summary>
    public string SyncCron { get; }

    public TimeSpan ReconcileInterval { get; }

    /// <summary>The cron expression of every <c>reconcile:{resource}</c> job.</summary>
    public string ReconcileCron { get; }

    /// <summary>
    /// How often the scheduler looks for due ticks: half the shortest interval, at most 15 s (Hangfire's default). A
    /// scheduler that polls less often than ticks fall due would merge them.
    /// </summary>
    public TimeSpan PollingInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(15).Ticks, Math.Min(Interval.Ticks, ReconcileInterval.Ticks) / 2));

    /// <summary>Reads the two intervals; throws <see cref="OptionsValidationException"/> naming the key when cron cannot keep one.</summary>
    public static SyncSchedule From(SyncOptions options)
    {
        string? sync = Cron(options.Interval);
        string? reconcile = Cron(options.ReconcileInterval);
        var problems = new List<string>();
        if (sync is null)
            problems.Add(Refusal("Sync:Interval", options.Interval));
        if (reconcile is null)
            problems.Add(Refusal("Sync:ReconcileInterval", options.ReconcileInterval));
        return problems.Count == 0
            ? new SyncSchedule(options.Interval, sync!, options.ReconcileInterval, reconcile!)
            : throw new OptionsValidationException(Options.DefaultName, typeof(SyncOptions), problems);
    }

    /// <summary>The next incremental tick strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextSyncAfter(DateTimeOffset after) => NextAfter(Interval, after);

    /// <summary>
    /// The cron expression that fires every <paramref name="interval"/>, or null when none does evenly. Its ticks fall
    /// on the multiples of the interval since midnight UTC (every such interval divides a day).
    /// </summary>
    public static string? Cron(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerSecond != 0)
            return null;
        long seconds = interval.Ticks / TimeSpan.TicksPerSecond;
        return seconds switch
        {
            < 60 when 60 % seconds == 0 => seconds == 1 ? "* * * * * *" : Invariant($"*/{seconds} * * * * *"),
            < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => seconds == 60 ? "* * * * *" : Invariant($"*/{seconds / 60} * * * *"),
            < 86400 when seconds % 3600 == 0 && 24 % (seconds / 3600) == 0 => seconds == 3600 ? "0 * * * *" : Invariant($"0 */{seconds / 3600} * * *"),
            86400 => "0 0 * * *",
            _ => null,
        };
    }

    /// <summary>The first multiple of <paramref name="interval"/> since the Unix epoch (a midnight UTC) after <paramref name="after"/>: where <see cref="Cron"/>'s ticks fall.</summary>
    public static DateTimeOffset NextAfter(TimeSpan interval, DateTimeOffset after)
    {
        long sinceEpoch = after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long next = (sinceEpoch / interval.Ticks + 1) * interval.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(next);
    }

    private static string Refusal(string key, TimeSpan value) =>
        $"{key} {value} cannot be kept by a cron schedule: use whole seconds that divide a minute (00:00:10, 00:00:30), " +
        "whole minutes that divide an hour (00:05:00, 00:15:00), whole hours that divide a day (01:00:00, 06:00:00), or one day (1.00:00:00).";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
