using HarvestOData.Mirror.Jobs;
using HarvestOData.Mirror.Jobs.Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests.Jobs;

public sealed class SyncScheduleTests
{
    [Theory]
    [InlineData("00:00:10", "*/10 * * * * *")]
    [InlineData("00:00:01", "* * * * * *")]
    [InlineData("00:01:00", "* * * * *")]
    [InlineData("00:05:00", "*/5 * * * *")]
    [InlineData("01:00:00", "0 * * * *")]
    [InlineData("06:00:00", "0 */6 * * *")]
    [InlineData("1.00:00:00", "0 0 * * *")]
    public void An_interval_that_divides_a_minute_an_hour_or_a_day_becomes_a_cron_schedule(string interval, string cron) =>
        Assert.Equal(cron, SyncSchedule.Cron(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("Sync:Interval", "00:00:07")]
    [InlineData("Sync:Interval", "00:01:30")]
    [InlineData("Sync:ReconcileInterval", "07:00:00")]
    [InlineData("Sync:ReconcileInterval", "2.00:00:00")]
    public void An_interval_no_cron_keeps_evenly_stops_the_server_at_start_naming_the_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddMirrorJobs(configuration));

        Assert.Contains(key, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void An_unknown_job_storage_stops_the_server_at_start_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Storage"] = "sqlite" }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddMirrorJobs(configuration));

        Assert.Contains("Jobs:Storage", error.Message);
    }

    [Fact]
    public void The_next_tick_noted_for_the_status_page_is_where_the_cron_schedule_fires()
    {
        var at = new DateTimeOffset(2026, 3, 4, 10, 7, 12, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 10, 0, TimeSpan.Zero), SyncSchedule.NextAfter(TimeSpan.FromMinutes(5), at));
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 7, 20, TimeSpan.Zero), SyncSchedule.NextAfter(TimeSpan.FromSeconds(10), at));
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), SyncSchedule.NextAfter(TimeSpan.FromDays(1), at));
    }
}
