using System.Net;
using System.Text.Json.Nodes;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Timers: created without hours they run; stop and restart follow the clock.</summary>
public sealed class TimerTests
{
    private readonly HarvestSandbox _sandbox;
    private readonly FakeTimeProvider _clock;
    private readonly HttpClient _member;
    private readonly (long Project, long Task) _work;

    public TimerTests()
    {
        (_sandbox, _clock) = Sandboxes.Create();
        _member = _sandbox.ClientFor(_sandbox.Member);
        _work = Work.For(_sandbox, _sandbox.Member.UserId);
    }

    [Fact]
    public async Task A_time_entry_without_hours_runs_until_stopped()
    {
        var running = await Start();
        Assert.True(running["is_running"]!.GetValue<bool>());
        Assert.Equal(0m, running["hours"]!.GetValue<decimal>());
        Assert.Equal(Stamp(_clock.GetUtcNow()), running["timer_started_at"]!.GetValue<string>());
        _clock.Advance(TimeSpan.FromMinutes(90));
        var (status, stopped) = await _member.Patch($"time_entries/{running.Id()}/stop");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(stopped!["is_running"]!.GetValue<bool>());
        Assert.Null(stopped["timer_started_at"]);
        Assert.Equal(1.5m, stopped["hours"]!.GetValue<decimal>());
        Assert.Equal(1.5m, stopped["rounded_hours"]!.GetValue<decimal>());
        Assert.Equal(Stamp(_clock.GetUtcNow()), stopped["updated_at"]!.GetValue<string>());
        Assert.NotNull(stopped["ended_time"]);
    }

    [Fact]
    public async Task Restart_adds_the_new_run_to_the_hours()
    {
        var running = await Start();
        _clock.Advance(TimeSpan.FromMinutes(30));
        await _member.Patch($"time_entries/{running.Id()}/stop");
        var (status, restarted) = await _member.Patch($"time_entries/{running.Id()}/restart");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(restarted!["is_running"]!.GetValue<bool>());
        Assert.Equal(0.5m, restarted["hours_without_timer"]!.GetValue<decimal>());
        _clock.Advance(TimeSpan.FromMinutes(15));
        var (_, stopped) = await _member.Patch($"time_entries/{running.Id()}/stop");
        Assert.Equal(0.75m, stopped!["hours"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Stopping_a_stopped_timer_or_restarting_a_running_one_is_refused()
    {
        var running = await Start();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _member.Patch($"time_entries/{running.Id()}/restart")).Status);
        await _member.Patch($"time_entries/{running.Id()}/stop");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _member.Patch($"time_entries/{running.Id()}/stop")).Status);
    }

    [Fact]
    public async Task Starting_a_timer_stops_the_users_other_timer()
    {
        var first = await Start();
        _clock.Advance(TimeSpan.FromMinutes(6));
        var second = await Start();
        var again = await _member.GetOk($"time_entries/{first.Id()}");
        Assert.False(again["is_running"]!.GetValue<bool>());
        Assert.Equal(0.1m, again["hours"]!.GetValue<decimal>());
        Assert.True(second["is_running"]!.GetValue<bool>());
        var runningOfMember = await _member.Walk("time_entries?is_running=true", "time_entries");
        Assert.Equal([second.Id()], runningOfMember.Select(r => r.Id()));
    }

    [Fact]
    public async Task Timestamp_accounts_compute_hours_from_started_and_ended_times()
    {
        var (sandbox, _) = Sandboxes.Create(o => o.WantsTimestampTimers = true);
        var (project, task) = Work.For(sandbox, sandbox.Member.UserId);
        var (status, entry) = await sandbox.ClientFor(sandbox.Member).Post("time_entries", new
        {
            project_id = project, task_id = task, spent_date = "2025-06-18", started_time = "9:00am", ended_time = "11:30am",
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2.5m, entry!["hours"]!.GetValue<decimal>());
        Assert.False(entry["is_running"]!.GetValue<bool>());
        var (status2, _) = await sandbox.ClientFor(sandbox.Member).Post("time_entries", new
        {
            project_id = project, task_id = task, spent_date = "2025-06-18", started_time = "3:00pm", ended_time = "1:00pm",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status2);
    }

    private async Task<JsonNode> Start()
    {
        var (status, body) = await _member.Post("time_entries", new { project_id = _work.Project, task_id = _work.Task, spent_date = "2025-06-18" });
        Assert.Equal(HttpStatusCode.Created, status);
        return body!;
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
