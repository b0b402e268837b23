using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>
/// <c>/v2/reports/*</c>: every report answers each role in the shape of Harvest's example, with rows recomputed here from
/// the sandbox's raw rows (not through the rules the sandbox uses), Harvest's validation and paging.
/// </summary>
public sealed class ReportTests : IClassFixture<ReportTests.Fixture>
{
    public sealed class Fixture
    {
        public HarvestSandbox Sandbox { get; } = Sandboxes.Create(o => o.ReportsRateLimitRequests = 100_000).Sandbox;
    }

    // The year up to the sandbox's "today" (2025-06-18): 365 days apart, the longest window Harvest takes.
    private const string Window = "from=20240618&to=20250618";
    private static readonly DateOnly From = new(2024, 6, 18), To = new(2025, 6, 18);

    private static readonly Dictionary<string, string> ExampleOf = new()
    {
        ["time/clients"] = "reports_time_clients.json",
        ["time/projects"] = "reports_time_projects.json",
        ["time/tasks"] = "reports_time_tasks.json",
        ["time/team"] = "reports_time_team.json",
        ["expenses/clients"] = "reports_expenses_clients.json",
        ["expenses/projects"] = "reports_expenses_projects.json",
        ["expenses/categories"] = "reports_expenses_categories.json",
        ["expenses/team"] = "reports_expenses_team.json",
        ["uninvoiced"] = "reports_uninvoiced.json",
        ["project_budget"] = "reports_project_budget.json",
    };

    private readonly HarvestSandbox _sandbox;

    public ReportTests(Fixture fixture) => _sandbox = fixture.Sandbox;

    public static TheoryData<string> Roles => new() { "administrator", "manager", "member" };

    private SandboxUser User(string role) => role switch
    {
        "administrator" => _sandbox.Administrator,
        "manager" => _sandbox.Manager,
        _ => _sandbox.Member,
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_report_answers_in_the_shape_of_Harvests_example(string role)
    {
        using var client = _sandbox.ClientFor(User(role));
        foreach (var (report, example) in ExampleOf)
        {
            string query = report == "project_budget" ? "" : "?" + Window;
            var (status, body) = await client.Send(HttpMethod.Get, $"reports/{report}{query}");
            if (report == "uninvoiced" && role == "member")
            {
                Assert.Equal(HttpStatusCode.Forbidden, status);
                continue;
            }
            Assert.True(status == HttpStatusCode.OK, $"{report} as {role}: {(int)status} {body?.ToJsonString()}");
            var expected = Examples.Load(example);
            Assert.Equal(Keys(expected), Keys(body!));
            Assert.Equal(Keys(expected["links"]!), Keys(body!["links"]!));
            var rows = body!["results"]!.AsArray();
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Equal(Keys(expected["results"]![0]!), Keys(r!)));
        }
        Assert.Equal(0, _sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, _sandbox.Counters.CallsWhileThrottled);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Time_by_projects_is_what_the_callers_entries_add_up_to(string role)
    {
        var user = User(role);
        var projects = ById("projects");
        var clients = ById("clients");
        var expected = VisibleTime(user)
            .GroupBy(e => (long)e["project_id"]!)
            .ToDictionary(g => g.Key, g =>
            {
                var project = projects[g.Key];
                string? code = (string?)project["code"];
                string name = string.IsNullOrEmpty(code) ? (string)project["name"]! : $"[{code}] {project["name"]}";
                var client = clients[(long)project["client_id"]!];
                var billable = g.Where(e => (bool)e["billable"]!).ToList();
                decimal amount = Math.Round(billable.Sum(e => Hours(e) * ((decimal?)e["billable_rate"] ?? 0m)), 2, MidpointRounding.AwayFromZero);
                return (name, (long)project["client_id"]!, (string)client["name"]!, g.Sum(Hours), billable.Sum(Hours),
                    SeesMoney(role) ? (string?)client["currency"] : null, SeesMoney(role) ? amount : (decimal?)null);
            });
        var rows = await Results(user, "time/projects?" + Window);
        var actual = rows.ToDictionary(r => r["project_id"]!.GetValue<long>(), r => (
            r["project_name"]!.GetValue<string>(), r["client_id"]!.GetValue<long>(), r["client_name"]!.GetValue<string>(),
            r["total_hours"]!.GetValue<decimal>(), r["billable_hours"]!.GetValue<decimal>(),
            r["currency"]?.GetValue<string>(), r["billable_amount"]?.GetValue<decimal>()));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.Equal(rows.Select(r => r["project_name"]!.GetValue<string>()).Order(StringComparer.OrdinalIgnoreCase), rows.Select(r => r["project_name"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Expenses_by_categories_are_what_the_callers_expenses_add_up_to_per_currency(string role)
    {
        var user = User(role);
        var projects = ById("projects");
        var clients = ById("clients");
        var categories = ById("expense_categories");
        var expected = _sandbox.Data.Rows("expenses")
            .Where(e => InWindow(e) && SeesWork(user, e))
            .GroupBy(e => ((long)e["expense_category_id"]!, (string?)clients[(long)e["client_id"]!]["currency"]))
            .ToDictionary(g => g.Key, g => ((string)categories[g.Key.Item1]["name"]!, g.Sum(Cost),
                SeesMoney(role) ? g.Where(e => (bool)e["billable"]!).Sum(Cost) : (decimal?)null));
        var rows = await Results(user, "expenses/categories?" + Window);
        Assert.All(rows, r => Assert.Equal(SeesMoney(role), r["currency"] is not null));
        var actual = rows.ToDictionary(
            r => (r["expense_category_id"]!.GetValue<long>(), SeesMoney(role) ? r["currency"]!.GetValue<string>() : null),
            r => (r["expense_category_name"]!.GetValue<string>(), r["total_amount"]!.GetValue<decimal>(), r["billable_amount"]?.GetValue<decimal>()));
        if (!SeesMoney(role))
        {
            // Without money the currency is withheld; the rows still split per currency, so compare the sums per category.
            expected = expected.GroupBy(p => p.Key.Item1).ToDictionary(g => (g.Key, (string?)null), g => (g.First().Value.Item1, g.Sum(p => p.Value.Item2), (decimal?)null));
            actual = rows.GroupBy(r => r["expense_category_id"]!.GetValue<long>()).ToDictionary(g => (g.Key, (string?)null),
                g => (g.First()["expense_category_name"]!.GetValue<string>(), g.Sum(r => r["total_amount"]!.GetValue<decimal>()), (decimal?)null));
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("administrator")]
    [InlineData("manager")]
    public async Task Uninvoiced_is_the_billable_projects_open_time_and_expenses(string role)
    {
        var user = User(role);
        var projects = ById("projects");
        var clients = ById("clients");
        var managed = Work.ManagedProjects(_sandbox, user.UserId);
        bool Covered(long project) => (bool)projects[project]["is_billable"]! && (role == "administrator" || managed.Contains(project));
        var time = _sandbox.Data.Rows("time_entries").Where(e => InWindow(e) && Covered((long)e["project_id"]!)).ToLookup(e => (long)e["project_id"]!);
        var spend = _sandbox.Data.Rows("expenses").Where(e => InWindow(e) && Covered((long)e["project_id"]!)).ToLookup(e => (long)e["project_id"]!);
        static bool Open(HarvestRecord r) => (bool)r["billable"]! && !(bool)r["is_billed"]!;
        var expected = time.Select(g => g.Key).Union(spend.Select(g => g.Key)).ToDictionary(id => id, id =>
        {
            var project = projects[id];
            var client = clients[(long)project["client_id"]!];
            decimal openExpenses = spend[id].Where(Open).Sum(Cost);
            decimal openTime = Math.Round(time[id].Where(Open).Sum(e => Hours(e) * ((decimal?)e["billable_rate"] ?? 0m)), 2, MidpointRounding.AwayFromZero);
            return ((string)project["name"]!, (string?)client["currency"], time[id].Sum(Hours), time[id].Where(Open).Sum(Hours), openExpenses, openTime + openExpenses);
        });
        var rows = await Results(user, "uninvoiced?" + Window);
        var actual = rows.ToDictionary(r => r["project_id"]!.GetValue<long>(), r => (r["project_name"]!.GetValue<string>(), r["currency"]?.GetValue<string>(),
            r["total_hours"]!.GetValue<decimal>(), r["uninvoiced_hours"]!.GetValue<decimal>(), r["uninvoiced_expenses"]!.GetValue<decimal>(), r["uninvoiced_amount"]!.GetValue<decimal>()));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.Contains(actual.Values, v => v.Item4 > 0);
    }

    [Fact]
    public async Task A_member_may_not_read_the_uninvoiced_report()
    {
        var (status, body) = await _sandbox.ClientFor(_sandbox.Member).Send(HttpMethod.Get, "reports/uninvoiced?" + Window);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.NotNull(body?["message"]);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Project_budget_shows_the_budgets_the_caller_may_see_with_their_spend(string role)
    {
        var user = User(role);
        var clients = ById("clients");
        var managed = Work.ManagedProjects(_sandbox, user.UserId);
        var assigned = _sandbox.Data.Rows("user_assignments").Where(a => (long)a["user_id"]! == user.UserId && (bool)a["is_active"]!)
            .Select(a => (long)a["project_id"]!).ToHashSet();
        var entries = _sandbox.Data.Rows("time_entries").Where(e => (bool)e["budgeted"]!).ToLookup(e => (long)e["project_id"]!);
        var expenses = _sandbox.Data.Rows("expenses").Where(e => (bool)e["billable"]!).ToLookup(e => (long)e["project_id"]!);
        var today = new DateOnly(2025, 6, 18);
        var expected = new Dictionary<long, (string, string, decimal, decimal, decimal)>();
        foreach (var p in _sandbox.Data.Rows("projects"))
        {
            bool visible = role == "administrator" || (role == "manager" && managed.Contains(p.Id)) || ((bool)p["show_budget_to_all"]! && assigned.Contains(p.Id));
            string by = (string)p["budget_by"]!;
            bool money = by is "project_cost" or "task_fees";
            decimal? budget = by == "none" ? null : money ? (decimal?)p["cost_budget"] : (decimal?)p["budget"];
            if (!visible || budget is null)
                continue;
            bool Counts(HarvestRecord r) => !(bool)p["budget_is_monthly"]! || ((DateOnly)r["spent_date"]!).Year == today.Year && ((DateOnly)r["spent_date"]!).Month == today.Month;
            var counted = entries[p.Id].Where(Counts).ToList();
            decimal spent = money
                ? Math.Round(counted.Where(e => (bool)e["billable"]!).Sum(e => Hours(e) * ((decimal?)e["billable_rate"] ?? 0m))
                    + ((bool)p["cost_budget_include_expenses"]! ? expenses[p.Id].Where(Counts).Sum(Cost) : 0m), 2, MidpointRounding.AwayFromZero)
                : counted.Sum(Hours);
            expected[p.Id] = ((string)p["name"]!, (string)clients[(long)p["client_id"]!]["name"]!, budget.Value, spent, budget.Value - spent);
        }
        var rows = await Results(user, "project_budget");
        var actual = rows.ToDictionary(r => r["project_id"]!.GetValue<long>(), r => (r["project_name"]!.GetValue<string>(), r["client_name"]!.GetValue<string>(),
            r["budget"]!.GetValue<decimal>(), r["budget_spent"]!.GetValue<decimal>(), r["budget_remaining"]!.GetValue<decimal>()));
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        if (role != "member")
            Assert.NotEmpty(actual);
        var active = await Results(user, "project_budget?is_active=false");
        Assert.All(active, r => Assert.False(r["is_active"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("reports/time/clients?to=20250618", "The from parameter is required (YYYYMMDD).")]
    [InlineData("reports/expenses/team?from=20250101", "The to parameter is required (YYYYMMDD).")]
    [InlineData("reports/time/team?from=20240617&to=20250618", "The timeframe supplied cannot exceed 1 year (365 days).")]
    [InlineData("reports/uninvoiced?from=20250618&to=20250101", "The to date must be on or after the from date.")]
    [InlineData("reports/time/tasks?from=June&to=20250618", "The from parameter 'June' is not a date (YYYYMMDD).")]
    [InlineData("reports/time/projects?from=20250101&to=20250618&include_fixed_fee=maybe", "The include_fixed_fee parameter must be true or false.")]
    [InlineData("reports/expenses/clients?from=20250101&to=20250618&per_page=2001", "per_page must be an integer between 1 and 2000.")]
    public async Task Bad_parameters_get_422_with_Harvests_message_shape(string path, string message)
    {
        var (status, body) = await _sandbox.ClientFor(_sandbox.Administrator).Send(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(message, body!["message"]!.GetValue<string>());
        Assert.Equal(0, _sandbox.Counters.ServerErrors);
    }

    [Fact]
    public async Task Unknown_reports_are_not_found()
    {
        var (status, _) = await _sandbox.ClientFor(_sandbox.Administrator).Send(HttpMethod.Get, "reports/time/weather?" + Window);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Pages_follow_Harvests_page_numbers_and_links()
    {
        using var client = _sandbox.ClientFor(_sandbox.Administrator);
        var whole = await Results(_sandbox.Administrator, "time/team?" + Window);
        var first = await client.GetOk("reports/time/team?" + Window + "&per_page=5");
        Assert.Equal((5, whole.Count, (whole.Count + 4) / 5, 1, 2), (first["per_page"]!.GetValue<int>(), first["total_entries"]!.GetValue<int>(),
            first["total_pages"]!.GetValue<int>(), first["page"]!.GetValue<int>(), first["next_page"]!.GetValue<int>()));
        Assert.Equal(new Uri(_sandbox.BaseAddress, "reports/time/team?from=20240618&page=2&per_page=5&to=20250618").ToString(), first["links"]!["next"]!.GetValue<string>());
        var walked = await client.Walk("reports/time/team?" + Window + "&per_page=5", "results");
        Assert.Equal(whole.Select(r => r.ToJsonString()), walked.Select(r => r.ToJsonString()));
    }

    [Fact]
    public async Task Leaving_out_fixed_fee_projects_drops_their_time()
    {
        var fixedFee = _sandbox.Data.Rows("projects").Where(p => (bool)p["is_fixed_fee"]!).Select(p => p.Id).ToHashSet();
        var all = await Results(_sandbox.Administrator, "time/projects?" + Window);
        var without = await Results(_sandbox.Administrator, "time/projects?" + Window + "&include_fixed_fee=false");
        Assert.Contains(all, r => fixedFee.Contains(r["project_id"]!.GetValue<long>()));
        Assert.Equal(all.Where(r => !fixedFee.Contains(r["project_id"]!.GetValue<long>())).Select(r => r.ToJsonString()), without.Select(r => r.ToJsonString()));
    }

    private async Task<List<JsonNode>> Results(SandboxUser user, string path)
    {
        using var client = _sandbox.ClientFor(user);
        return (await client.GetOk("reports/" + path))["results"]!.AsArray().Select(n => n!).ToList();
    }

    private IEnumerable<HarvestRecord> VisibleTime(SandboxUser user) =>
        _sandbox.Data.Rows("time_entries").Where(e => InWindow(e) && SeesWork(user, e));

    private bool SeesWork(SandboxUser user, HarvestRecord row) => user.Role switch
    {
        "administrator" => true,
        "manager" => (long)row["user_id"]! == user.UserId || Work.ManagedProjects(_sandbox, user.UserId).Contains((long)row["project_id"]!),
        _ => (long)row["user_id"]! == user.UserId,
    };

    // The sandbox's manager holds billable_rates_manager; members never see money.
    private static bool SeesMoney(string role) => role != "member";

    private static bool InWindow(HarvestRecord row) => (DateOnly)row["spent_date"]! is var day && day >= From && day <= To;

    private static decimal Hours(HarvestRecord entry) => (decimal?)entry["rounded_hours"] ?? (decimal?)entry["hours"] ?? 0m;

    private static decimal Cost(HarvestRecord expense) => (decimal?)expense["total_cost"] ?? 0m;

    private Dictionary<long, HarvestRecord> ById(string resource) => _sandbox.Data.Rows(resource).ToDictionary(r => r.Id);

    private static List<string> Keys(JsonNode node) => node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
}
