using HarvestOData.Sandbox.Store;
using HarvestOData.Sandbox.Writing.Rules;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>
/// Time entries spread over the two years day by day (so ids ascend with the spent date), written straight into
/// typed columns: a million rows take seconds. Entries older than two weeks are approved and locked, the last
/// week's are unsubmitted, and a couple of today's run as timers.
/// </summary>
internal static class TimeSeeder
{
    public static void Seed(SeedContext s, List<WorkSlot> slots, int[][] slotsByDay)
    {
        var table = s["time_entries"];
        var counts = WorkSlot.Spread(s, s.Options.TimeEntries, slotsByDay);
        var c = new Columns(table);
        bool timestamps = s.Options.WantsTimestampTimers;
        int first = s.Start.DayNumber, today = s.Today.DayNumber;
        for (int d = 0; d < counts.Length; d++)
        {
            int day = first + d;
            int age = today - day;
            var date = DateOnly.FromDayNumber(day);
            long weekClosed = s.At(date.AddDays(10 - (int)date.DayOfWeek), 10 * 3600);
            for (int k = 0; k < counts[d]; k++)
            {
                var slot = slots[s.Pick(slotsByDay[d])];
                var (task, assignment, billable, rate) = s.Pick(slot.Tasks);
                int row = s.NewRow(table);
                c.SpentDate[row] = day;
                c.User[row] = slot.User;
                c.Client[row] = slot.Client;
                c.Project[row] = slot.Project;
                c.Task[row] = task;
                c.UserAssignment[row] = slot.UserAssignment;
                c.TaskAssignment[row] = assignment;
                int minutes = s.Random.Next(3, 49) * 5;
                decimal hours = timestamps ? Math.Round(minutes / 60m, 2) : Math.Round((decimal)(0.25 + (s.Random.NextDouble() * 3.75)), 2);
                c.Hours[row] = hours;
                c.HoursWithoutTimer[row] = hours;
                c.Rounded[row] = TimeEntryRules.RoundUp(hours);
                // Timestamp accounts always have times; duration accounts have them on entries tracked with the timer.
                if (timestamps || s.Random.Next(3) == 0)
                {
                    int start = (8 * 60) + (s.Random.Next(0, 96) * 5);
                    int length = timestamps ? minutes : (int)Math.Round(hours * 60);
                    c.Started[row] = Clock(start);
                    c.Ended[row] = Clock(Math.Min(start + length, (24 * 60) - 1));
                }
                if (s.Random.Next(10) > 0)
                    c.Notes[row] = Names.Notes[s.Random.Next(Names.Notes.Length)];
                bool approved = age >= 14;
                c.Locked[row] = approved;
                c.Closed[row] = approved;
                c.Approval[row] = approved ? "approved" : age >= 7 ? "submitted" : "unsubmitted";
                if (approved)
                    c.LockedReason[row] = "Item Approved and Locked for this Time Period";
                c.Billed[row] = false;
                c.Running[row] = false;
                c.Billable[row] = billable;
                c.Budgeted[row] = slot.Budgeted;
                c.BillableRate.SetNullable(row, rate);
                c.CostRate.SetNullable(row, slot.CostRate);
                long created = s.At(date, (9 * 3600) + (int)((long)k * 8 * 3600 / Math.Max(1, counts[d])));
                c.Created[row] = created;
                c.Updated[row] = approved ? Math.Max(created, Math.Min(weekClosed, s.NowSeconds)) : Math.Min(created + s.Random.Next(0, 600), s.NowSeconds);
                if (s.Random.Next(20) == 0)
                    ExternalReference(c, row, table.Ids[row]);
            }
        }
        StartTimers(s, table, c);
    }

    /// <summary>One of today's entries of the demo member and one of another user run as timers.</summary>
    private static void StartTimers(SeedContext s, Table table, Columns c)
    {
        int today = s.Today.DayNumber;
        int memberRow = -1, otherRow = -1;
        for (int row = table.Count - 1; row >= 0 && c.SpentDate[row] == today; row--)
        {
            if (memberRow < 0 && c.User[row] == s.MemberId)
                memberRow = row;
            else if (otherRow < 0 && c.User[row] != s.MemberId)
                otherRow = row;
        }
        foreach (int row in new[] { memberRow, otherRow }.Where(r => r >= 0))
        {
            long elapsed = Math.Min((long)(c.Hours[row] * 3600), Math.Max(60, s.NowSeconds - s.At(s.Today, 0)));
            long started = s.NowSeconds - elapsed;
            c.Running[row] = true;
            c.TimerStarted[row] = started;
            c.Hours[row] = Math.Round(elapsed / 3600m, 2);
            c.HoursWithoutTimer[row] = 0;
            c.Rounded[row] = TimeEntryRules.RoundUp(c.Hours[row]);
            c.Ended[row] = null;
            c.Created[row] = started;
            c.Updated[row] = started;
        }
    }

    private static void ExternalReference(Columns c, int row, long id)
    {
        string issue = (id % 90_000 + 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        c.ReferenceId[row] = issue;
        c.ReferenceGroup[row] = "4821";
        c.ReferenceAccount[row] = "1";
        c.ReferencePermalink[row] = $"https://github.com/sandbox-agency/website/issues/{issue}";
        c.ReferenceService[row] = "github.com";
        c.ReferenceIcon[row] = "https://proxy.harvestfiles.net/production/service_icons/github.png";
    }

    private static string Clock(int minuteOfDay)
    {
        int hour = minuteOfDay / 60, minute = minuteOfDay % 60;
        int twelve = hour % 12 == 0 ? 12 : hour % 12;
        return $"{twelve}:{minute:00}{(hour < 12 ? "am" : "pm")}";
    }

    private sealed class Columns(Table t)
    {
        public DateColumn SpentDate { get; } = t.Column<DateColumn>("spent_date");
        public LongColumn User { get; } = t.Column<LongColumn>("user_id");
        public LongColumn Client { get; } = t.Column<LongColumn>("client_id");
        public LongColumn Project { get; } = t.Column<LongColumn>("project_id");
        public LongColumn Task { get; } = t.Column<LongColumn>("task_id");
        public LongColumn UserAssignment { get; } = t.Column<LongColumn>("user_assignment_id");
        public LongColumn TaskAssignment { get; } = t.Column<LongColumn>("task_assignment_id");
        public DecimalColumn Hours { get; } = t.Column<DecimalColumn>("hours");
        public DecimalColumn HoursWithoutTimer { get; } = t.Column<DecimalColumn>("hours_without_timer");
        public DecimalColumn Rounded { get; } = t.Column<DecimalColumn>("rounded_hours");
        public StringColumn Notes { get; } = t.Column<StringColumn>("notes");
        public BoolColumn Locked { get; } = t.Column<BoolColumn>("is_locked");
        public StringColumn LockedReason { get; } = t.Column<StringColumn>("locked_reason");
        public BoolColumn Closed { get; } = t.Column<BoolColumn>("is_closed");
        public StringColumn Approval { get; } = t.Column<StringColumn>("approval_status");
        public BoolColumn Billed { get; } = t.Column<BoolColumn>("is_billed");
        public TimestampColumn TimerStarted { get; } = t.Column<TimestampColumn>("timer_started_at");
        public StringColumn Started { get; } = t.Column<StringColumn>("started_time");
        public StringColumn Ended { get; } = t.Column<StringColumn>("ended_time");
        public BoolColumn Running { get; } = t.Column<BoolColumn>("is_running");
        public BoolColumn Billable { get; } = t.Column<BoolColumn>("billable");
        public BoolColumn Budgeted { get; } = t.Column<BoolColumn>("budgeted");
        public DecimalColumn BillableRate { get; } = t.Column<DecimalColumn>("billable_rate");
        public DecimalColumn CostRate { get; } = t.Column<DecimalColumn>("cost_rate");
        public TimestampColumn Created { get; } = t.Column<TimestampColumn>("created_at");
        public TimestampColumn Updated { get; } = t.Column<TimestampColumn>("updated_at");
        public StringColumn ReferenceId { get; } = t.Column<StringColumn>("external_reference_id");
        public StringColumn ReferenceGroup { get; } = t.Column<StringColumn>("external_reference_group_id");
        public StringColumn ReferenceAccount { get; } = t.Column<StringColumn>("external_reference_account_id");
        public StringColumn ReferencePermalink { get; } = t.Column<StringColumn>("external_reference_permalink");
        public StringColumn ReferenceService { get; } = t.Column<StringColumn>("external_reference_service");
        public StringColumn ReferenceIcon { get; } = t.Column<StringColumn>("external_reference_service_icon_url");
    }
}
