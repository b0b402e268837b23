using System.Globalization;

namespace HarvestOData.Bench.OData;

/// <summary>
/// Harvest's ten reports as OData functions (src/HarvestOData.Server/OData/Reports) against the same aggregation
/// written by hand in SQL and run by <c>sqlite3</c>, round by round, each report's in-round ratio judged against 1.5.
/// The windowed reports take the last year of the mirror, the longest window Harvest's reports allow (half of the
/// default mirror's million entries); the project budget report has no window and reads every budgeted entry. The caller is an administrator, so the hand-written SQL
/// needs no scope either.
/// </summary>
internal static class ReportsPhase
{
    private const string Hours = "coalesce(e.rounded_hours, e.hours, 0)";
    private const string BillableHours = "CASE WHEN e.billable THEN " + Hours + " ELSE 0 END";
    private const string Amount = "round(sum(CASE WHEN e.billable THEN " + Hours + " * coalesce(e.billable_rate, 0) ELSE 0 END), 2)";
    private const string Cost = "round(sum(coalesce(x.total_cost, 0)), 2)";
    private const string BillableCost = "round(sum(CASE WHEN x.billable THEN coalesce(x.total_cost, 0) ELSE 0 END), 2)";
    private const string Coded = "CASE WHEN coalesce(p.code, '') = '' THEN p.name ELSE '[' || p.code || '] ' || p.name END";

    /// <summary>Function name, the row marker its JSON rows start with, and the hand-written SQL (window placeholders {0}, {1}).</summary>
    private static readonly (string Function, string Marker, string Sql)[] Reports =
    [
        ("TimeReportClients", "{\"ClientId\"",
            $"SELECT e.client_id, c.name, sum({Hours}), sum({BillableHours}), c.currency, {Amount} FROM time_entries e LEFT JOIN clients c ON c.id = e.client_id " +
            "WHERE e.spent_date BETWEEN '{0}' AND '{1}' GROUP BY e.client_id ORDER BY upper(c.name), e.client_id"),
        ("TimeReportProjects", "{\"ProjectId\"",
            $"SELECT e.project_id, {Coded}, p.client_id, c.name, sum({Hours}), sum({BillableHours}), c.currency, {Amount} FROM time_entries e " +
            "LEFT JOIN projects p ON p.id = e.project_id LEFT JOIN clients c ON c.id = p.client_id " +
            "WHERE e.spent_date BETWEEN '{0}' AND '{1}' GROUP BY e.project_id ORDER BY upper(" + Coded + "), e.project_id"),
        ("TimeReportTasks", "{\"TaskId\"",
            $"SELECT e.task_id, t.name, sum({Hours}), sum({BillableHours}), c.currency, {Amount} FROM time_entries e LEFT JOIN clients c ON c.id = e.client_id " +
            "LEFT JOIN tasks t ON t.id = e.task_id WHERE e.spent_date BETWEEN '{0}' AND '{1}' GROUP BY e.task_id, c.currency ORDER BY upper(t.name), e.task_id, c.currency"),
        ("TimeReportTeam", "{\"UserId\"",
            $"SELECT e.user_id, trim(u.first_name || ' ' || u.last_name), u.is_contractor, sum({Hours}), sum({BillableHours}), c.currency, {Amount}, u.weekly_capacity, u.avatar_url " +
            "FROM time_entries e LEFT JOIN clients c ON c.id = e.client_id LEFT JOIN users u ON u.id = e.user_id " +
            "WHERE e.spent_date BETWEEN '{0}' AND '{1}' GROUP BY e.user_id, c.currency ORDER BY upper(trim(u.first_name || ' ' || u.last_name)), e.user_id, c.currency"),
        ("ExpenseReportClients", "{\"ClientId\"",
            $"SELECT x.client_id, c.name, {Cost}, {BillableCost}, c.currency FROM expenses x LEFT JOIN clients c ON c.id = x.client_id " +
            "WHERE x.spent_date BETWEEN '{0}' AND '{1}' GROUP BY x.client_id ORDER BY upper(c.name), x.client_id"),
        ("ExpenseReportProjects", "{\"ClientId\"",
            $"SELECT x.client_id, c.name, x.project_id, {Coded}, {Cost}, {BillableCost}, c.currency FROM expenses x LEFT JOIN clients c ON c.id = x.client_id " +
            "LEFT JOIN projects p ON p.id = x.project_id WHERE x.spent_date BETWEEN '{0}' AND '{1}' GROUP BY x.project_id, c.currency ORDER BY upper(" + Coded + "), x.project_id, c.currency"),
        ("ExpenseReportCategories", "{\"ExpenseCategoryId\"",
            $"SELECT x.expense_category_id, k.name, {Cost}, {BillableCost}, c.currency FROM expenses x LEFT JOIN clients c ON c.id = x.client_id " +
            "LEFT JOIN expense_categories k ON k.id = x.expense_category_id WHERE x.spent_date BETWEEN '{0}' AND '{1}' " +
            "GROUP BY x.expense_category_id, c.currency ORDER BY upper(k.name), x.expense_category_id, c.currency"),
        ("ExpenseReportTeam", "{\"UserId\"",
            $"SELECT x.user_id, trim(u.first_name || ' ' || u.last_name), u.is_contractor, {Cost}, {BillableCost}, c.currency FROM expenses x " +
            "LEFT JOIN clients c ON c.id = x.client_id LEFT JOIN users u ON u.id = x.user_id WHERE x.spent_date BETWEEN '{0}' AND '{1}' " +
            "GROUP BY x.user_id, c.currency ORDER BY upper(trim(u.first_name || ' ' || u.last_name)), x.user_id, c.currency"),
        ("UninvoicedReport", "{\"ClientId\"",
            "WITH t AS (SELECT e.project_id, sum(" + Hours + ") h, sum(CASE WHEN e.billable AND NOT e.is_billed THEN " + Hours + " ELSE 0 END) oh, " +
            "round(sum(CASE WHEN e.billable AND NOT e.is_billed THEN " + Hours + " * coalesce(e.billable_rate, 0) ELSE 0 END), 2) oa FROM time_entries e " +
            "WHERE e.spent_date BETWEEN '{0}' AND '{1}' GROUP BY e.project_id), " +
            "x AS (SELECT x.project_id, round(sum(CASE WHEN x.billable AND NOT x.is_billed THEN coalesce(x.total_cost, 0) ELSE 0 END), 2) ox FROM expenses x " +
            "WHERE x.spent_date BETWEEN '{0}' AND '{1}' GROUP BY x.project_id) " +
            "SELECT p.client_id, c.name, p.id, p.name, c.currency, coalesce(t.h, 0), coalesce(t.oh, 0), coalesce(x.ox, 0), coalesce(t.oa, 0) + coalesce(x.ox, 0) " +
            "FROM projects p LEFT JOIN clients c ON c.id = p.client_id LEFT JOIN t ON t.project_id = p.id LEFT JOIN x ON x.project_id = p.id " +
            "WHERE p.is_billable AND (t.project_id IS NOT NULL OR x.project_id IS NOT NULL) ORDER BY upper(c.name), p.client_id, upper(p.name), p.id"),
        ("ProjectBudgetReport", "{\"ProjectId\"",
            "WITH t AS (SELECT e.project_id, sum(" + Hours + ") h, sum(CASE WHEN e.billable THEN " + Hours + " * coalesce(e.billable_rate, 0) ELSE 0 END) a " +
            "FROM time_entries e JOIN projects p ON p.id = e.project_id WHERE e.budgeted AND (NOT p.budget_is_monthly OR e.spent_date BETWEEN '{2}' AND '{3}') GROUP BY e.project_id), " +
            "x AS (SELECT x.project_id, sum(coalesce(x.total_cost, 0)) c FROM expenses x JOIN projects p ON p.id = x.project_id " +
            "WHERE x.billable AND (NOT p.budget_is_monthly OR x.spent_date BETWEEN '{2}' AND '{3}') GROUP BY x.project_id), " +
            "b AS (SELECT p.*, CASE WHEN p.budget_by IN ('project_cost', 'task_fees') THEN p.cost_budget ELSE p.budget END AS amount, " +
            "CASE WHEN p.budget_by IN ('project_cost', 'task_fees') THEN round(coalesce(t.a, 0) + CASE WHEN p.cost_budget_include_expenses THEN coalesce(x.c, 0) ELSE 0 END, 2) " +
            "ELSE coalesce(t.h, 0) END AS spent FROM projects p LEFT JOIN t ON t.project_id = p.id LEFT JOIN x ON x.project_id = p.id) " +
            "SELECT b.id, b.name, b.client_id, c.name, b.budget_is_monthly, b.budget_by, b.is_active, b.amount, b.spent, b.amount - b.spent FROM b " +
            "LEFT JOIN clients c ON c.id = b.client_id WHERE b.budget_by <> 'none' AND b.amount IS NOT NULL ORDER BY upper(c.name), b.client_id, upper(b.name), b.id"),
    ];

    public static async Task RunAsync(HttpClient http, Uri root, string token, BenchSettings settings, BenchResults results, TextWriter log)
    {
        string max = await SqliteCli.ScalarAsync(settings.MirrorPath, "SELECT max(spent_date) FROM time_entries");
        var to = DateOnly.Parse(max, CultureInfo.InvariantCulture);
        var from = to.AddYears(-1).AddDays(1);
        // The server's budget month is today's; the hand-written SQL takes the same month.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        string[] arguments = [Iso(from), Iso(to), Iso(monthStart), Iso(monthStart.AddMonths(1).AddDays(-1))];
        log.WriteLine($"  reports: {from:yyyy-MM-dd}..{to:yyyy-MM-dd} ({await SqliteCli.ScalarAsync(settings.MirrorPath, $"SELECT count(*) FROM time_entries WHERE spent_date BETWEEN '{arguments[0]}' AND '{arguments[1]}'")} time entries); project budget over all of them");
        for (int round = 0; round <= settings.Rounds; round++)
        {
            foreach (var (function, marker, sql) in Reports)
            {
                string call = function == "ProjectBudgetReport" ? function + "()" : $"{function}(From={arguments[0]},To={arguments[1]})";
                var ours = await FeedReader.ReadAllAsync(http, root + call, token, System.Text.Encoding.UTF8.GetBytes(marker));
                var cli = await SqliteCli.JsonAsync(settings.MirrorPath, string.Format(CultureInfo.InvariantCulture, sql, arguments));
                if (round == 0)
                    continue;
                results.Line($"round {round}: {function}", $"ours {ours.Elapsed.TotalMilliseconds:F0} ms ({ours.Rows:N0} rows)  sqlite3 {cli.TotalMilliseconds:F0} ms");
                results.Ratio($"{function} vs sqlite3", ours.Elapsed / cli);
            }
        }
        foreach (var (function, _, _) in Reports)
            results.RatioBar($"{function} vs sqlite3", "<= 1.5", r => r <= 1.5);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
