using System.Globalization;
using System.Net;
using HarvestOData.Mirror.Store;
using HarvestOData.Sandbox;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>Time entries follow the account's timer mode, and Harvest's timer verbs are bound actions.</summary>
public abstract class TimerTests(WriteFixture fixture)
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_duration_account_refuses_start_and_end_times_without_calling_Harvest()
    {
        var admin = fixture.Sandbox.Administrator;
        var (project, task) = fixture.Sandbox.Data.WorkFor(admin.UserId);
        Assert.NotNull(await fixture.GetAsync("/odata/Company"));
        long calls = fixture.Counters.Calls;
        using var response = await fixture.PostAsync("/odata/TimeEntries", admin,
            $$"""{"ProjectId":{{project}},"TaskId":{{task}},"SpentDate":"{{Today}}","StartedTime":"9:00am","EndedTime":"11:00am"}""");
        var error = await WriteFixture.JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("StartedTime", error.Target());
        Assert.Contains("durations", error.Error());
        Assert.Equal(calls, fixture.Counters.Calls);
    }

    [Fact]
    public async Task A_timer_is_started_stopped_and_restarted_through_bound_actions()
    {
        var member = fixture.Sandbox.Member;
        var (project, task) = fixture.Sandbox.Data.WorkFor(member.UserId);
        using var created = await fixture.PostAsync("/odata/TimeEntries", member, $$"""{"ProjectId":{{project}},"TaskId":{{task}},"SpentDate":"{{Today}}"}""");
        var entry = await WriteFixture.JsonAsync(created, HttpStatusCode.Created);
        long id = entry.Long("Id");
        Assert.True(entry.Bool("IsRunning"));

        using (var stopped = await fixture.PostAsync($"/odata/TimeEntries({id})/HarvestOData.Stop", member, ""))
            Assert.False((await WriteFixture.JsonAsync(stopped, HttpStatusCode.OK)).Bool("IsRunning"));
        Assert.False(fixture.Sandbox.Data.Find("time_entries", id)!.Flag("is_running"));
        Assert.False((await fixture.GetAsync($"/odata/TimeEntries({id})"))!.Value.Bool("IsRunning"));

        using (var restarted = await fixture.PostAsync($"/odata/TimeEntries({id})/restart", member, "{}"))
            Assert.True((await WriteFixture.JsonAsync(restarted, HttpStatusCode.OK)).Bool("IsRunning"));
        Assert.True(fixture.Sandbox.Data.Find("time_entries", id)!.Flag("is_running"));
        Assert.True((await fixture.GetAsync($"/odata/TimeEntries({id})"))!.Value.Bool("IsRunning"));

        using var again = await fixture.PostAsync($"/odata/TimeEntries({id})/Restart", member, "");
        Assert.Contains("already running", (await WriteFixture.JsonAsync(again, HttpStatusCode.BadRequest)).Error());
    }

    [Fact]
    public async Task Starting_a_timer_stops_the_users_other_timer_in_the_mirror_too()
    {
        var member = fixture.Sandbox.Member;
        var (project, task) = fixture.Sandbox.Data.WorkFor(member.UserId);
        string body = $$"""{"ProjectId":{{project}},"TaskId":{{task}},"SpentDate":"{{Today}}"}""";
        using var first = await fixture.PostAsync("/odata/TimeEntries", member, body);
        long firstId = (await WriteFixture.JsonAsync(first, HttpStatusCode.Created)).Long("Id");
        using var second = await fixture.PostAsync("/odata/TimeEntries", member, body);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(fixture.Sandbox.Data.Find("time_entries", firstId)!.Flag("is_running"));
        Assert.False((await fixture.GetAsync($"/odata/TimeEntries({firstId})"))!.Value.Bool("IsRunning"));
    }

    [Fact]
    public async Task Actions_are_declared_in_the_metadata()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/odata/$metadata", fixture.Sandbox.Administrator);
        string csdl = await response.Content.ReadAsStringAsync();
        foreach (string action in new[] { "Stop", "Restart", "Send", "Close", "Reopen", "MarkAsDraft", "Accept", "Decline" })
            Assert.Contains($"<Action Name=\"{action}\" IsBound=\"true\"", csdl);
    }
}

public class TimestampAccountFixture : WriteFixture
{
    protected override SandboxOptions CreateOptions()
    {
        var options = base.CreateOptions();
        options.WantsTimestampTimers = true;
        return options;
    }
}

/// <summary>The same fixture over a PostgreSQL mirror.</summary>
public sealed class PostgresTimestampAccountFixture : TimestampAccountFixture
{
    protected override string Provider => MirrorDialect.PostgresProvider;
}

/// <summary>An account that tracks start and end times: time entries take StartedTime/EndedTime, never Hours.</summary>
public abstract class TimestampTimerTests(TimestampAccountFixture fixture)
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Hours_are_refused_without_calling_Harvest()
    {
        var admin = fixture.Sandbox.Administrator;
        var (project, task) = fixture.Sandbox.Data.WorkFor(admin.UserId);
        Assert.NotNull(await fixture.GetAsync("/odata/Company"));
        long calls = fixture.Counters.Calls;
        using var response = await fixture.PostAsync("/odata/TimeEntries", admin, $$"""{"ProjectId":{{project}},"TaskId":{{task}},"SpentDate":"{{Today}}","Hours":2}""");
        var error = await WriteFixture.JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Hours", error.Target());
        Assert.Contains("start and end times", error.Error());
        Assert.Equal(calls, fixture.Counters.Calls);
    }

    [Fact]
    public async Task Start_and_end_times_create_a_stopped_entry()
    {
        var admin = fixture.Sandbox.Administrator;
        var (project, task) = fixture.Sandbox.Data.WorkFor(admin.UserId);
        using var response = await fixture.PostAsync("/odata/TimeEntries", admin,
            $$"""{"ProjectId":{{project}},"TaskId":{{task}},"SpentDate":"{{Today}}","StartedTime":"9:00am","EndedTime":"11:30am"}""");
        var entry = await WriteFixture.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(2.5m, entry.Dec("Hours"));
        Assert.Equal(2.5m, fixture.Sandbox.Data.Find("time_entries", entry.Long("Id"))!["hours"]);
    }
}

public sealed class TimerTestsOnSqlite(WriteFixture fixture) : TimerTests(fixture), IClassFixture<WriteFixture>;

public sealed class TimerTestsOnPostgres(PostgresWriteFixture fixture) : TimerTests(fixture), IClassFixture<PostgresWriteFixture>;

public sealed class TimestampTimerTestsOnSqlite(TimestampAccountFixture fixture) : TimestampTimerTests(fixture), IClassFixture<TimestampAccountFixture>;

public sealed class TimestampTimerTestsOnPostgres(PostgresTimestampAccountFixture fixture) : TimestampTimerTests(fixture), IClassFixture<PostgresTimestampAccountFixture>;
