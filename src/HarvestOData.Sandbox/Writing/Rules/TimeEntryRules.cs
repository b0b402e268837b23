using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Time entries (docs/harvest.md#writes): the account's mode decides between hours (duration) and started/ended times;
/// leaving both out starts a timer, which stops the user's other running timer. Client, assignments, billable flag
/// and rates follow from project, task and user; locked entries are read-only except for administrators.
/// </summary>
internal sealed class TimeEntryRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        bool timestamps = c.Store.WantsTimestampTimers;
        if (timestamps && c.Sent("hours"))
            throw SandboxProblem.Invalid("This account tracks time with start and end times: send started_time and ended_time, not hours.");
        if (!timestamps && (c.Sent("started_time") || c.Sent("ended_time")))
            throw SandboxProblem.Invalid("This account tracks time as durations: send hours, not started_time or ended_time.");
        if (!c.IsCreate)
            Unlocked(c.Store["time_entries"], c.Before!["is_locked"] as bool? == true, c.Caller);
        if (c.IsCreate)
        {
            c.Default("user_id", c.Caller.UserId);
            c["approval_status"] = "unsubmitted";
        }
        if (c.IsCreate || c.Changed("project_id") || c.Changed("task_id") || c.Changed("user_id"))
            Assignments.Derive(c, includeTask: true);
        if (c.Decimal("hours") is { } hours && c.Sent("hours") && hours is < 0 or > 24)
            throw SandboxProblem.Invalid("Hours must be between 0 and 24");
        if (timestamps)
            Times(c);
        else
            Durations(c);
        c["rounded_hours"] = RoundUp(c.Decimal("hours") ?? 0);
    }

    public override void AfterSave(WriteContext c)
    {
        if (c.IsCreate && c.Flag("is_running"))
            StopOthers(c.Store, c.Row, c.Now);
    }

    public override void BeforeDelete(DeleteCheck check)
    {
        // A project delete takes locked entries along (Harvest deletes a project's time); a direct delete does not.
        int project = check.Store["projects"].Find(check.Table.Column<LongColumn>("project_id")[check.Row]);
        if (project < 0 || !check.IsPlanned("projects", project))
            Unlocked(check.Table, check.Table.Column<BoolColumn>("is_locked")[check.Row], check.Caller);
    }

    public static void Stop(SandboxStore store, Table table, int row, Caller caller)
    {
        Unlocked(table, table.Column<BoolColumn>("is_locked")[row], caller);
        if (!table.Column<BoolColumn>("is_running")[row])
            throw SandboxProblem.Invalid("Only a running timer can be stopped.");
        StopAt(store, table, row, store.Now);
    }

    public static void Restart(SandboxStore store, Table table, int row, Caller caller)
    {
        Unlocked(table, table.Column<BoolColumn>("is_locked")[row], caller);
        if (table.Column<BoolColumn>("is_running")[row])
            throw SandboxProblem.Invalid("The timer is already running.");
        var now = store.Now;
        StopOthers(store, row, now);
        var hours = table.Column<DecimalColumn>("hours").Nullable(row) ?? 0;
        table.Column<DecimalColumn>("hours_without_timer")[row] = hours;
        table.Column<TimestampColumn>("timer_started_at")[row] = now.ToUnixTimeSeconds();
        table.Column<BoolColumn>("is_running")[row] = true;
        table.Column<StringColumn>("started_time")[row] ??= ClockText.Format(now, TwelveHour(store));
        table.Column<StringColumn>("ended_time")[row] = null;
        RowValues.Change(table, row, "is_running", true, now);
    }

    private static void Durations(WriteContext c)
    {
        if (c.IsCreate && !c.Sent("hours"))
        {
            StartTimer(c);
            return;
        }
        if (c.Sent("hours"))
            c["hours_without_timer"] = c["hours"];
    }

    private static void Times(WriteContext c)
    {
        if (c.IsCreate)
            c.Default("started_time", ClockText.Format(c.Now, TwelveHour(c.Store)));
        if (c.IsCreate && c.Text("ended_time") is null)
        {
            StartTimer(c);
            return;
        }
        if (!c.Flag("is_running") && c.Text("started_time") is { } started && c.Text("ended_time") is { } ended)
            c["hours"] = c["hours_without_timer"] = ClockText.Hours(started, ended);
    }

    private static void StartTimer(WriteContext c)
    {
        c["hours"] = 0m;
        c["hours_without_timer"] = 0m;
        c["is_running"] = true;
        c["timer_started_at"] = c.Now;
        c.Default("started_time", ClockText.Format(c.Now, TwelveHour(c.Store)));
    }

    /// <summary>Harvest runs one timer per user: starting one stops the others.</summary>
    private static void StopOthers(SandboxStore store, int row, DateTimeOffset now)
    {
        var table = store["time_entries"];
        var running = table.Column<BoolColumn>("is_running");
        var users = table.Column<LongColumn>("user_id");
        long user = users[row];
        for (int other = 0; other < table.Count; other++)
        {
            if (other != row && table.IsLive(other) && running[other] && users[other] == user)
                StopAt(store, table, other, now);
        }
    }

    private static void StopAt(SandboxStore store, Table table, int row, DateTimeOffset now)
    {
        var started = table.Column<TimestampColumn>("timer_started_at").Nullable(row) ?? now.ToUnixTimeSeconds();
        decimal before = table.Column<DecimalColumn>("hours_without_timer").Nullable(row) ?? 0;
        decimal hours = Math.Round(before + ((now.ToUnixTimeSeconds() - started) / 3600m), 2);
        table.Column<DecimalColumn>("hours")[row] = hours;
        table.Column<DecimalColumn>("hours_without_timer")[row] = hours;
        table.Column<DecimalColumn>("rounded_hours")[row] = RoundUp(hours);
        table.Column<TimestampColumn>("timer_started_at").SetNullable(row, null);
        table.Column<StringColumn>("ended_time")[row] = ClockText.Format(now, TwelveHour(store));
        RowValues.Change(table, row, "is_running", false, now);
    }

    /// <summary>Harvest's default time rounding: up to the next quarter hour (2.11 → 2.25).</summary>
    public static decimal RoundUp(decimal hours) => Math.Ceiling(hours * 4) / 4;

    private static bool TwelveHour(SandboxStore store) => store.Company.Column<StringColumn>("clock")[0] != "24h";

    private static void Unlocked(Table table, bool locked, Caller caller)
    {
        if (locked && !caller.IsAdministrator)
            throw SandboxProblem.Invalid($"This {(table.Name == "expenses" ? "expense" : "time entry")} is locked and can't be changed.");
    }

    internal static void CheckUnlocked(Table table, bool locked, Caller caller) => Unlocked(table, locked, caller);
}
