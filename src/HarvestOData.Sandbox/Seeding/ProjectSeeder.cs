using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>
/// Projects started over the two years with their task and user assignments. The demo manager manages eight open
/// projects and works on a few others; the demo member works on five, two of them the manager's.
/// </summary>
internal static class ProjectSeeder
{
    private const int ManagedByDemoManager = 8;

    public static void Seed(SeedContext s)
    {
        int count = s.Options.ProjectCount;
        var clients = s["clients"];
        var clientIds = clients.LiveRows().Select(r => clients.Ids[r]).ToArray();
        var starts = Enumerable.Range(0, count).Select(_ => s.Start.AddDays(s.Random.Next(-60, 700))).Order().ToArray();
        var ends = starts.Select(start => s.Chance(0.3) ? start.AddDays(s.Random.Next(60, 400)) : (DateOnly?)null).ToArray();
        var open = Enumerable.Range(0, count).Where(i => ends[i] is null || ends[i] > s.Today).ToList();
        var team = Team(s, count, open);
        for (int i = 0; i < count; i++)
        {
            long client = i < clientIds.Length ? clientIds[(i * 7) % clientIds.Length] : s.Pick(clientIds);
            int row = Project(s, i, client, starts[i], ends[i]);
            long project = s["projects"].Ids[row];
            long created = s["projects"].Column<TimestampColumn>("created_at")[row];
            TaskAssignments(s, project, created, s["projects"].Column<StringColumn>("bill_by")[row]!, s["projects"].Column<BoolColumn>("is_billable")[row]);
            foreach (var (user, manager) in team[i])
                UserAssignment(s, project, user, manager, created);
        }
    }

    /// <summary>Who works on which project (index → user ids with the project-manager flag).</summary>
    private static List<(long User, bool Manager)>[] Team(SeedContext s, int count, List<int> open)
    {
        var users = s["users"];
        var access = users.Column<ListColumn>("access_roles");
        var active = users.Column<BoolColumn>("is_active");
        var others = users.LiveRows().Select(r => users.Ids[r])
            .Where(id => id != s.AdministratorId && id != s.ManagerId && id != s.MemberId).ToArray();
        var managers = users.LiveRows().Where(r => access[r]!.Contains(UserPermissions.Manager) || access[r]!.Contains(UserPermissions.Administrator))
            .Select(r => users.Ids[r]).ToArray();
        var activeOthers = others.Where(id => active[users.Find(id)]).ToArray();
        var team = Enumerable.Range(0, count).Select(_ => new List<(long, bool)>()).ToArray();
        var spread = open.Count > 0 ? open : Enumerable.Range(0, count).ToList();
        var managed = Enumerable.Range(0, Math.Min(ManagedByDemoManager, spread.Count)).Select(k => spread[k * spread.Count / Math.Min(ManagedByDemoManager, spread.Count)]).ToList();
        foreach (int i in managed)
            team[i].Add((s.ManagerId, true));
        for (int i = 0; i < count; i++)
        {
            if (team[i].Count == 0)
                team[i].Add((s.Pick(managers.Length > 0 ? managers : [s.AdministratorId]), true));
            int extra = s.Random.Next(2, 7);
            for (int k = 0; k < extra && activeOthers.Length > 0; k++)
                Add(team[i], s.Pick(activeOthers), false);
        }
        var notManaged = spread.Where(i => !managed.Contains(i)).ToList();
        foreach (int i in notManaged.Where((_, k) => k % Math.Max(1, notManaged.Count / 5) == 0).Take(5))
            Add(team[i], s.ManagerId, false);
        foreach (int i in managed.Take(2).Concat(notManaged.Skip(1).Where((_, k) => k % Math.Max(1, notManaged.Count / 3) == 0).Take(3)))
            Add(team[i], s.MemberId, false);
        foreach (int i in Enumerable.Range(0, count).Where(i => i % 4 == 0))
            Add(team[i], s.AdministratorId, false);
        return team;
    }

    private static void Add(List<(long User, bool Manager)> team, long user, bool manager)
    {
        if (!team.Exists(t => t.User == user))
            team.Add((user, manager));
    }

    private static int Project(SeedContext s, int index, long client, DateOnly start, DateOnly? end)
    {
        string kind = Names.ProjectKinds[index % Names.ProjectKinds.Length];
        string name = index < Names.ProjectKinds.Length ? kind : $"{kind} {(index / Names.ProjectKinds.Length) + 1}";
        string code = string.Concat(kind.Split(' ', '-').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]))) + (index + 1);
        bool billable = s.Chance(0.9);
        double roll = s.Random.NextDouble();
        string billBy = !billable ? "none" : roll < 0.5 ? "Project" : roll < 0.75 ? "Tasks" : "People";
        string budgetBy = s.Pick(["project", "project_cost", "task", "person", "none"]);
        bool fixedFee = billable && s.Chance(0.1);
        long created = s.At(start.AddDays(-3), 10 * 3600 + s.Random.Next(0, 3600));
        bool ended = end is { } e && e < s.Today;
        return s.Add("projects",
            ("client_id", client), ("name", name), ("code", code), ("is_active", !ended || s.Chance(0.3)), ("is_billable", billable),
            ("is_fixed_fee", fixedFee), ("bill_by", billBy), ("hourly_rate", billBy == "Project" ? s.Money(100, 200) : null),
            ("budget_by", budgetBy), ("budget_is_monthly", false),
            ("budget", budgetBy is "project" or "task" or "person" ? (decimal)s.Random.Next(50, 500) : null),
            ("cost_budget", budgetBy == "project_cost" ? (decimal)s.Random.Next(5, 80) * 1000 : null),
            ("cost_budget_include_expenses", false), ("notify_when_over_budget", s.Chance(0.5)),
            ("over_budget_notification_percentage", 80m), ("over_budget_notification_date", null), ("show_budget_to_all", s.Chance(0.2)),
            ("fee", fixedFee ? (decimal)s.Random.Next(5, 50) * 1000 : null), ("notes", ""), ("starts_on", start), ("ends_on", end),
            ("created_at", s.Instant(created)), ("updated_at", s.Instant(created + s.Random.Next(0, 86_400))));
    }

    private static void TaskAssignments(SeedContext s, long project, long created, string billBy, bool billable)
    {
        var tasks = s["tasks"];
        var isDefault = tasks.Column<BoolColumn>("is_default");
        var chosen = tasks.LiveRows().Where(r => isDefault[r]).ToList();
        var optional = tasks.LiveRows().Where(r => !isDefault[r]).ToList();
        for (int k = s.Random.Next(1, 4); k > 0 && optional.Count > 0; k--)
        {
            int pick = s.Pick(optional);
            optional.Remove(pick);
            chosen.Add(pick);
        }
        foreach (int task in chosen.Order())
        {
            decimal rate = tasks.Column<DecimalColumn>("default_hourly_rate")[task];
            s.Add("task_assignments", ("project_id", project), ("task_id", tasks.Ids[task]), ("is_active", true),
                ("billable", billable && tasks.Column<BoolColumn>("billable_by_default")[task]),
                ("hourly_rate", billBy == "Tasks" ? (rate > 0 ? rate : 100m) : rate), ("budget", null),
                ("created_at", s.Instant(created + 60)), ("updated_at", s.Instant(created + 60)));
        }
    }

    private static void UserAssignment(SeedContext s, long project, long user, bool manager, long created)
    {
        var users = s["users"];
        s.Add("user_assignments", ("project_id", project), ("user_id", user), ("is_active", true), ("is_project_manager", manager),
            ("use_default_rates", s.Chance(0.8)), ("hourly_rate", users.Column<DecimalColumn>("default_hourly_rate")[users.Find(user)]),
            ("budget", null), ("created_at", s.Instant(created + 120)), ("updated_at", s.Instant(created + 120)));
    }
}
