using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>
/// One user assignment as a source of generated time and expenses: who, on which project and client, between which
/// days, with the project's task assignments and the rates Harvest would snapshot on an entry.
/// </summary>
internal sealed class WorkSlot
{
    public long User { get; init; }

    public long Project { get; init; }

    public long Client { get; init; }

    public long UserAssignment { get; init; }

    public int FirstDay { get; init; }

    public int LastDay { get; init; }

    public bool ProjectBillable { get; init; }

    public bool Budgeted { get; init; }

    public decimal? CostRate { get; init; }

    public (long Task, long Assignment, bool Billable, decimal? Rate)[] Tasks { get; init; } = [];

    /// <summary>Every active user assignment whose project has tasks, with its active span.</summary>
    public static List<WorkSlot> All(SeedContext s)
    {
        var projects = s["projects"];
        var users = s["users"];
        var taskAssignments = s["task_assignments"];
        var userAssignments = s["user_assignments"];
        var taProject = taskAssignments.Column<LongColumn>("project_id");
        var tasksByProject = taskAssignments.LiveRows().GroupBy(r => taProject[r]).ToDictionary(g => g.Key, g => g.ToArray());
        var uaProject = userAssignments.Column<LongColumn>("project_id");
        var uaUser = userAssignments.Column<LongColumn>("user_id");
        var slots = new List<WorkSlot>();
        foreach (int ua in userAssignments.LiveRows())
        {
            int project = projects.Find(uaProject[ua]);
            int user = users.Find(uaUser[ua]);
            if (!tasksByProject.TryGetValue(uaProject[ua], out var tas))
                continue;
            string billBy = projects.Column<StringColumn>("bill_by")[project]!;
            bool billable = projects.Column<BoolColumn>("is_billable")[project];
            decimal? projectRate = projects.Column<DecimalColumn>("hourly_rate").Nullable(project);
            decimal? personRate = userAssignments.Column<DecimalColumn>("hourly_rate").Nullable(ua) ?? users.Column<DecimalColumn>("default_hourly_rate").Nullable(user);
            var end = projects.Column<DateColumn>("ends_on").Nullable(project) ?? s.Today.DayNumber;
            slots.Add(new WorkSlot
            {
                User = uaUser[ua],
                Project = uaProject[ua],
                Client = projects.Column<LongColumn>("client_id")[project],
                UserAssignment = userAssignments.Ids[ua],
                FirstDay = Math.Max(projects.Column<DateColumn>("starts_on")[project], s.Start.DayNumber),
                LastDay = Math.Min(end, s.Today.DayNumber),
                ProjectBillable = billable,
                Budgeted = projects.Column<StringColumn>("budget_by")[project] != "none",
                CostRate = users.Column<DecimalColumn>("cost_rate").Nullable(user),
                Tasks = tas.Select(ta =>
                {
                    bool taskBillable = billable && taskAssignments.Column<BoolColumn>("billable")[ta];
                    decimal? rate = billBy switch
                    {
                        "Tasks" => taskAssignments.Column<DecimalColumn>("hourly_rate").Nullable(ta),
                        "People" => personRate,
                        "none" => null,
                        _ => projectRate,
                    };
                    return (taskAssignments.Column<LongColumn>("task_id")[ta], taskAssignments.Ids[ta], taskBillable, taskBillable ? rate : null);
                }).ToArray(),
            });
        }
        return slots;
    }

    /// <summary>For each day of the span, the slots active that day (demo users weighted up so they have plenty).</summary>
    public static int[][] ByDay(SeedContext s, List<WorkSlot> slots)
    {
        int first = s.Start.DayNumber, last = s.Today.DayNumber;
        var days = new int[last - first + 1][];
        var active = new List<int>();
        for (int day = first; day <= last; day++)
        {
            active.Clear();
            for (int i = 0; i < slots.Count; i++)
            {
                var slot = slots[i];
                if (slot.FirstDay > day || slot.LastDay < day)
                    continue;
                active.Add(i);
                if (slot.User == s.MemberId || slot.User == s.ManagerId)
                {
                    active.Add(i);
                    active.Add(i);
                }
            }
            days[day - first] = active.ToArray();
        }
        return days;
    }

    /// <summary>How many of <paramref name="total"/> rows fall on each day: weekdays weigh 1, weekends a little.</summary>
    public static int[] Spread(SeedContext s, int total, int[][] slotsByDay)
    {
        int first = s.Start.DayNumber;
        var weights = slotsByDay.Select((slots, i) =>
            slots.Length == 0 ? 0.0 : DateOnly.FromDayNumber(first + i).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.08 : 1.0).ToArray();
        double sum = weights.Sum();
        var counts = new int[weights.Length];
        if (sum == 0)
            return counts;
        double cumulative = 0;
        long given = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            long upTo = (long)Math.Round(cumulative / sum * total);
            counts[i] = (int)(upTo - given);
            given = upTo;
        }
        return counts;
    }
}
