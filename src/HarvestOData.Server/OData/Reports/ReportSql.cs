using HarvestOData.Harvest.Reports;
using HarvestOData.Server.OData.Query;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Reports;

/// <summary>
/// Each report as one statement over the mirror (in its dialect, <see cref="SqlDialect"/>), rule for rule as <see cref="HarvestReports"/> states it (its
/// comments give Harvest's reasons; the sandbox serves /v2/reports/* from those rules, and the tests compare both):
/// the window on <c>spent_date</c>, the caller's scope (<see cref="HarvestReports.SeesWorkOf"/>: administrators all,
/// managers their own work and their managed projects', members their own), <c>include_fixed_fee</c>, one row per
/// subject and currency, money and currency NULL for callers who may not see rates, Harvest's order.
/// <para>
/// The statement's columns are named after the row type's properties, plus <c>_row</c>: the row's place in Harvest's
/// order (the subject's name case-insensitively, its id, the currency), which is the default order and the last sort
/// key of every page, so keyset paging stays exact across pages.
/// </para>
/// <para>
/// Arithmetic is exact decimal, as Harvest's: the mirror keeps hours, rates and costs as REAL, so each entry's hours and
/// amount are first made whole millionths (<c>round(x * 1e6)</c>; hours have 2 decimals, rates 4, so a product has at
/// most 6), summed as integers, and only then turned back into decimals (PostgreSQL's numeric is exact already, and the
/// same steps give it the same cents); cents round half away from zero, once per row, as <see cref="HarvestReports.Cents"/>.
/// A double sum would be off by a cent now and then on a finance lead's screen.
/// </para>
/// <para>
/// Names order case-insensitively by <c>upper()</c>, which is what <see cref="StringComparer.OrdinalIgnoreCase"/> does
/// for ASCII (SQLite's NOCASE lowers instead, and would put <c>[MW] Marketing</c> before <c>Apollo</c>).
/// </para>
/// </summary>
public static class ReportSql
{
    /// <summary>An entry's hours in millionths: <c>rounded_hours</c>, else <c>hours</c> (<see cref="HarvestReports.HoursOf"/>).</summary>
    private const string Hours = "round(coalesce(e.\"rounded_hours\", e.\"hours\", 0) * 1000000)";

    /// <summary>What a billable entry adds to a billable amount, in millionths (<see cref="HarvestReports.AmountOf"/>).</summary>
    private const string Amount = "CASE WHEN e.\"billable\" THEN round(coalesce(e.\"rounded_hours\", e.\"hours\", 0) * coalesce(e.\"billable_rate\", 0) * 1000000) ELSE 0 END";

    private const string BillableHours = "CASE WHEN e.\"billable\" THEN " + Hours + " ELSE 0 END";

    /// <summary>An expense's total_cost in millionths.</summary>
    private const string Cost = "round(coalesce(x.\"total_cost\", 0) * 1000000)";

    private const string BillableCost = "CASE WHEN x.\"billable\" THEN " + Cost + " ELSE 0 END";

    /// <summary>Millionths as a decimal value.</summary>
    private static string Decimal(string micro) => $"(({micro}) / 1000000.0)";

    /// <summary>Millionths rounded to whole cents (half away from zero), still in millionths.</summary>
    private static string CentsMicro(string micro) => $"(round(({micro}) / 10000.0) * 10000)";

    private static string Cents(string micro) => Decimal(CentsMicro(micro));

    /// <summary>The report's statement for <paramref name="caller"/> (parameters bound through <paramref name="sql"/>).</summary>
    public static string For(ReportFunction report, ReportArguments arguments, ReportViewer caller, DateOnly today, SqlContext sql)
    {
        var s = new Statement(sql, caller, arguments);
        return report.Kind switch
        {
            ReportKind.TimeClients => s.TimeClients(),
            ReportKind.TimeProjects => s.TimeProjects(),
            ReportKind.TimeTasks => s.TimeBy("task_id", "tasks", "TaskId", "TaskName", "coalesce(d.\"name\", '')", ""),
            ReportKind.TimeTeam => s.TimeBy("user_id", "users", "UserId", "UserName", UserName, UserExtras(sql.Dialect)),
            ReportKind.ExpenseClients => s.ExpenseClients(),
            ReportKind.ExpenseProjects => s.ExpenseProjects(),
            ReportKind.ExpenseCategories => s.ExpensesBy("expense_category_id", "expense_categories", "ExpenseCategoryId", "ExpenseCategoryName", "coalesce(d.\"name\", '')", ""),
            ReportKind.ExpenseTeam => s.ExpensesBy("user_id", "users", "UserId", "UserName", UserName, $", coalesce(d.\"is_contractor\", {sql.Dialect.False}) AS \"IsContractor\""),
            ReportKind.Uninvoiced => s.Uninvoiced(),
            ReportKind.ProjectBudget => s.ProjectBudget(today),
            _ => throw new ArgumentOutOfRangeException(nameof(report), report.Kind, "Not a report."),
        };
    }

    /// <summary>The sandbox's and Harvest's user name: first and last, trimmed.</summary>
    private const string UserName = "coalesce(trim(d.\"first_name\" || ' ' || d.\"last_name\"), '')";

    // TimeTeamRow's order: user_id, user_name, is_contractor, the sums, then weekly_capacity and avatar_url; the select
    // list's order does not matter (columns are read by name), only their names.
    private static string UserExtras(SqlDialect d) =>
        $", coalesce(d.\"is_contractor\", {d.False}) AS \"IsContractor\", d.\"weekly_capacity\" AS \"WeeklyCapacity\", d.\"avatar_url\" AS \"AvatarUrl\"";

    /// <summary>The coded project name of the time and expense examples: <c>[MW] Marketing Website</c>, plain without a code.</summary>
    private static string CodedName(string p) =>
        $"CASE WHEN {p}.\"id\" IS NULL THEN '' WHEN coalesce({p}.\"code\", '') = '' THEN {p}.\"name\" ELSE '[' || {p}.\"code\" || '] ' || {p}.\"name\" END";

    private sealed class Statement(SqlContext sql, ReportViewer caller, ReportArguments arguments)
    {
        private string? _me;

        private SqlDialect D => sql.Dialect;

        private string Me => _me ??= sql.Add(caller.UserId);

        private string Money(string value) => caller.SeesAmounts ? value : "NULL";

        /// <summary>Active project-manager assignments of the caller (the sandbox's ManagedProjects set).</summary>
        private string ManagedProjects =>
            $"SELECT \"project_id\" FROM \"user_assignments\" WHERE \"user_id\" = {Me} AND {D.IsTrue("\"is_active\"")} AND {D.IsTrue("\"is_project_manager\"")}";

        private string AssignedProjects =>
            $"SELECT \"project_id\" FROM \"user_assignments\" WHERE \"user_id\" = {Me} AND {D.IsTrue("\"is_active\"")}";

        /// <summary><see cref="HarvestReports.SeesWorkOf"/> over the row alias <paramref name="a"/>.</summary>
        private string SeesWorkOf(string a) =>
            caller.IsAdministrator ? D.True
            : caller.IsManager ? $"({a}.\"user_id\" = {Me} OR {a}.\"project_id\" IN ({ManagedProjects}))"
            : $"{a}.\"user_id\" = {Me}";

        private string InWindow(string a)
        {
            var window = arguments.Window!;
            return $"{a}.\"spent_date\" >= {sql.Add(D.Literal(window.From))} AND {a}.\"spent_date\" <= {sql.Add(D.Literal(window.To))}";
        }

        /// <summary>Time entries the report covers (<see cref="HarvestReports.TimeEntriesFor"/>).</summary>
        private string TimeWhere() =>
            InWindow("e") + " AND " + SeesWorkOf("e")
            + (arguments.IncludeFixedFee ? "" : $" AND e.\"project_id\" NOT IN (SELECT \"id\" FROM \"projects\" WHERE {D.IsTrue("\"is_fixed_fee\"")})");

        /// <summary>
        /// Entries summed per <paramref name="key"/> (and client, whose currency a row is split by): the sums are taken
        /// over the entries alone, the names and currencies joined to the few groups afterwards.
        /// </summary>
        private string TimeSums(string key) =>
            $"SELECT e.\"{key}\" AS k, e.\"client_id\" AS client_id, min(e.\"id\") AS first, sum({Hours}) AS h, sum({BillableHours}) AS bh, sum({Amount}) AS a " +
            $"FROM \"time_entries\" AS e WHERE {TimeWhere()} GROUP BY e.\"{key}\", e.\"client_id\"";

        private string ExpenseSums(string key) =>
            $"SELECT x.\"{key}\" AS k, x.\"client_id\" AS client_id, min(x.\"id\") AS first, sum({Cost}) AS tc, sum({BillableCost}) AS bc " +
            $"FROM \"expenses\" AS x WHERE {InWindow("x")} AND {SeesWorkOf("x")} GROUP BY x.\"{key}\", x.\"client_id\"";

        private string TimeTotals(string h, string bh, string a, string currency) =>
            $"{Decimal(h)} AS \"TotalHours\", {Decimal(bh)} AS \"BillableHours\", {Money(currency)} AS \"Currency\", {Money(Cents(a))} AS \"BillableAmount\"";

        private string ExpenseTotals(string tc, string bc, string currency) =>
            $"{Cents(tc)} AS \"TotalAmount\", {Money(Cents(bc))} AS \"BillableAmount\", {Money(currency)} AS \"Currency\"";

        /// <summary>
        /// Harvest's order: name, id, then currency as the caller sees it. Rows still tied (a member's rows of one task in
        /// two currencies, the currency hidden) keep the order of their first entry, as the rules' grouping does.
        /// </summary>
        private string Row(string name, string id, string currency) =>
            $"row_number() OVER (ORDER BY {ByName(name)}, {D.OrderKey(id, false)}{(caller.SeesAmounts ? ", " + D.OrderKey(currency, false, EdmPrimitiveTypeKind.String) : "")}, {D.OrderKey("min(g.first)", false)}) AS \"_row\"";

        /// <summary>A name as a sort key, ignoring ASCII case.</summary>
        private string ByName(string name) => D.OrderKey(D.Upper(name), false, EdmPrimitiveTypeKind.String);

        /// <summary>By client: the entry's client (<see cref="HarvestReports.TimeClients"/>); its currency is the client's.</summary>
        public string TimeClients() =>
            $"SELECT g.client_id AS \"ClientId\", coalesce(c.\"name\", '') AS \"ClientName\", " +
            TimeTotals("sum(g.h)", "sum(g.bh)", "sum(g.a)", "c.\"currency\"") + ", " + Row("coalesce(c.\"name\", '')", "g.client_id", "c.\"currency\"") +
            $" FROM ({TimeSums("client_id")}) AS g LEFT JOIN \"clients\" AS c ON c.\"id\" = g.client_id GROUP BY g.client_id{D.GroupedRows("c.\"id\"")}";

        /// <summary>By project: its client is the project's (the entry's when the project is gone), as is the currency.</summary>
        public string TimeProjects() =>
            "SELECT g.k AS \"ProjectId\", " + CodedName("p") + " AS \"ProjectName\", " +
            $"coalesce(p.\"client_id\", {D.AnyValue("g.client_id")}) AS \"ClientId\", coalesce(c.\"name\", '') AS \"ClientName\", " +
            TimeTotals("sum(g.h)", "sum(g.bh)", "sum(g.a)", "c.\"currency\"") + ", " + Row(CodedName("p"), "g.k", "c.\"currency\"") +
            $" FROM ({TimeSums("project_id")}) AS g LEFT JOIN \"projects\" AS p ON p.\"id\" = g.k" +
            $" LEFT JOIN \"clients\" AS c ON c.\"id\" = coalesce(p.\"client_id\", g.client_id) GROUP BY g.k{D.GroupedRows("p.\"id\"", "c.\"id\"")}";

        /// <summary>By task or person, split by the currency of the entries' clients.</summary>
        public string TimeBy(string key, string table, string idName, string nameName, string name, string extras) =>
            $"SELECT g.k AS \"{idName}\", {name} AS \"{nameName}\"{extras}, " +
            TimeTotals("sum(g.h)", "sum(g.bh)", "sum(g.a)", "c.\"currency\"") + ", " + Row(name, "g.k", "c.\"currency\"") +
            $" FROM ({TimeSums(key)}) AS g LEFT JOIN \"clients\" AS c ON c.\"id\" = g.client_id" +
            $" LEFT JOIN \"{table}\" AS d ON d.\"id\" = g.k GROUP BY g.k, c.\"currency\"{D.GroupedRows("d.\"id\"")}";

        public string ExpenseClients() =>
            $"SELECT g.client_id AS \"ClientId\", coalesce(c.\"name\", '') AS \"ClientName\", " +
            ExpenseTotals("sum(g.tc)", "sum(g.bc)", "c.\"currency\"") + ", " + Row("coalesce(c.\"name\", '')", "g.client_id", "c.\"currency\"") +
            $" FROM ({ExpenseSums("client_id")}) AS g LEFT JOIN \"clients\" AS c ON c.\"id\" = g.client_id GROUP BY g.client_id{D.GroupedRows("c.\"id\"")}";

        /// <summary>
        /// By project and the expenses' client currency. The client shown is one of the group's expenses' clients (all
        /// the same unless the project changed clients; the lowest id then, where Harvest's docs say nothing).
        /// </summary>
        public string ExpenseProjects()
        {
            string order = string.Join(", ", new[] { ByName("q.\"ProjectName\""), D.OrderKey("q.\"ProjectId\"", false) }
                .Concat(caller.SeesAmounts ? [D.OrderKey("q.currency", false, EdmPrimitiveTypeKind.String)] : [])
                .Append(D.OrderKey("q.first", false)));
            string grouped = "SELECT min(g.client_id) AS \"ClientId\", g.k AS \"ProjectId\", " + CodedName("p") + " AS \"ProjectName\", " +
                             ExpenseTotals("sum(g.tc)", "sum(g.bc)", "c.\"currency\"") + ", c.\"currency\" AS currency, min(g.first) AS first" +
                             $" FROM ({ExpenseSums("project_id")}) AS g LEFT JOIN \"clients\" AS c ON c.\"id\" = g.client_id" +
                             $" LEFT JOIN \"projects\" AS p ON p.\"id\" = g.k GROUP BY g.k, c.\"currency\"{D.GroupedRows("p.\"id\"")}";
            return "SELECT q.\"ClientId\", coalesce(n.\"name\", '') AS \"ClientName\", q.\"ProjectId\", q.\"ProjectName\", q.\"TotalAmount\", " +
                   $"q.\"BillableAmount\", q.\"Currency\", row_number() OVER (ORDER BY {order}) AS \"_row\" " +
                   $"FROM ({grouped}) AS q LEFT JOIN \"clients\" AS n ON n.\"id\" = q.\"ClientId\"";
        }

        public string ExpensesBy(string key, string table, string idName, string nameName, string name, string extras) =>
            $"SELECT g.k AS \"{idName}\", {name} AS \"{nameName}\"{extras}, " +
            ExpenseTotals("sum(g.tc)", "sum(g.bc)", "c.\"currency\"") + ", " + Row(name, "g.k", "c.\"currency\"") +
            $" FROM ({ExpenseSums(key)}) AS g LEFT JOIN \"clients\" AS c ON c.\"id\" = g.client_id" +
            $" LEFT JOIN \"{table}\" AS d ON d.\"id\" = g.k GROUP BY g.k, c.\"currency\"{D.GroupedRows("d.\"id\"")}";

        /// <summary>
        /// <see cref="HarvestReports.Uninvoiced"/>: billable projects the caller may invoice (all for administrators, the
        /// managed ones for invoice managers; others are refused before this runs) with time or expenses in the window.
        /// Fixed-fee projects are included: the function has no IncludeFixedFee, as Harvest's default.
        /// </summary>
        public string Uninvoiced()
        {
            // The projects are picked after the window's rows are summed per project: testing each row's project
            // instead (an IN per row, or SQLite walking the project_id index) made this report the slowest of the ten.
            string covered = D.IsTrue("p.\"is_billable\"") + (caller.IsAdministrator ? "" : $" AND p.\"id\" IN ({ManagedProjects})");
            const string open = "e.\"billable\" AND NOT e.\"is_billed\"";
            string time = $"SELECT e.\"project_id\" AS k, sum({Hours}) AS h, sum(CASE WHEN {open} THEN {Hours} ELSE 0 END) AS oh, " +
                          $"sum(CASE WHEN {open} THEN {Amount} ELSE 0 END) AS oa FROM \"time_entries\" AS e " +
                          $"WHERE {InWindow("e")} GROUP BY e.\"project_id\"";
            string expenses = $"SELECT x.\"project_id\" AS k, sum(CASE WHEN x.\"billable\" AND NOT x.\"is_billed\" THEN {Cost} ELSE 0 END) AS ox " +
                              $"FROM \"expenses\" AS x WHERE {InWindow("x")} GROUP BY x.\"project_id\"";
            string openExpenses = CentsMicro("coalesce(x.ox, 0)");
            return $"WITH t AS ({time}), x AS ({expenses}), k AS (SELECT k FROM t UNION SELECT k FROM x) " +
                   "SELECT p.\"client_id\" AS \"ClientId\", coalesce(c.\"name\", '') AS \"ClientName\", p.\"id\" AS \"ProjectId\", p.\"name\" AS \"ProjectName\", " +
                   "c.\"currency\" AS \"Currency\", " + Decimal("coalesce(t.h, 0)") + " AS \"TotalHours\", " + Decimal("coalesce(t.oh, 0)") + " AS \"UninvoicedHours\", " +
                   Decimal(openExpenses) + " AS \"UninvoicedExpenses\", " + Decimal(CentsMicro("coalesce(t.oa, 0)") + " + " + openExpenses) + " AS \"UninvoicedAmount\", " +
                   $"row_number() OVER (ORDER BY {ClientThenProject}) AS \"_row\" " +
                   $"FROM k JOIN \"projects\" AS p ON p.\"id\" = k.k AND {covered} LEFT JOIN \"clients\" AS c ON c.\"id\" = p.\"client_id\" " +
                   "LEFT JOIN t ON t.k = k.k LEFT JOIN x ON x.k = k.k";
        }

        /// <summary>
        /// <see cref="HarvestReports.ProjectBudget"/>: the projects with a budget the caller may see the budget of, spent
        /// counted from budgeted entries (and billable expenses when the cost budget includes them), this month only for
        /// a monthly budget.
        /// </summary>
        public string ProjectBudget(DateOnly today)
        {
            var monthStart = new DateOnly(today.Year, today.Month, 1);
            string start = sql.Add(D.Literal(monthStart)), end = sql.Add(D.Literal(monthStart.AddMonths(1).AddDays(-1)));
            string InPeriod(string a) => $"({D.IsFalse("p.\"budget_is_monthly\"")} OR ({a}.\"spent_date\" >= {start} AND {a}.\"spent_date\" <= {end}))";
            // All time, so one pass over the table in storage order (NOT INDEXED): walking the project_id index instead
            // reads the rows in random order, three times slower on a million entries.
            string time = $"SELECT e.\"project_id\" AS k, sum({Hours}) AS h, sum({Amount}) AS a FROM \"time_entries\" AS e{D.NotIndexed} " +
                          $"JOIN \"projects\" AS p ON p.\"id\" = e.\"project_id\" WHERE {D.IsTrue("e.\"budgeted\"")} AND {InPeriod("e")} GROUP BY e.\"project_id\"";
            string expenses = $"SELECT x.\"project_id\" AS k, sum({Cost}) AS c FROM \"expenses\" AS x{D.NotIndexed} " +
                              $"JOIN \"projects\" AS p ON p.\"id\" = x.\"project_id\" WHERE {D.IsTrue("x.\"billable\"")} AND {InPeriod("x")} GROUP BY x.\"project_id\"";
            const string money = "p.\"budget_by\" IN ('project_cost', 'task_fees')";
            string budget = $"round((CASE WHEN {money} THEN p.\"cost_budget\" ELSE p.\"budget\" END) * 1000000)";
            string spent = $"(CASE WHEN {money} THEN {CentsMicro("coalesce(t.a, 0) + CASE WHEN p.\"cost_budget_include_expenses\" THEN coalesce(x.c, 0) ELSE 0 END")} ELSE coalesce(t.h, 0) END)";
            string sees = caller.IsAdministrator ? D.True
                : $"({D.IsTrue("p.\"show_budget_to_all\"")} AND p.\"id\" IN ({AssignedProjects}))" + (caller.IsManager ? $" OR p.\"id\" IN ({ManagedProjects})" : "");
            string active = arguments.IsActive is { } isActive ? $" AND p.\"is_active\" = {sql.Add(D.Literal(isActive))}" : "";
            return $"WITH t AS ({time}), x AS ({expenses}) " +
                   "SELECT p.\"id\" AS \"ProjectId\", p.\"name\" AS \"ProjectName\", p.\"client_id\" AS \"ClientId\", coalesce(c.\"name\", '') AS \"ClientName\", " +
                   "p.\"budget_is_monthly\" AS \"BudgetIsMonthly\", p.\"budget_by\" AS \"BudgetBy\", p.\"is_active\" AS \"IsActive\", " +
                   $"{Decimal(budget)} AS \"Budget\", {Decimal(spent)} AS \"BudgetSpent\", {Decimal(budget + " - " + spent)} AS \"BudgetRemaining\", " +
                   $"row_number() OVER (ORDER BY {ClientThenProject}) AS \"_row\" " +
                   "FROM \"projects\" AS p LEFT JOIN \"clients\" AS c ON c.\"id\" = p.\"client_id\" LEFT JOIN t ON t.k = p.\"id\" LEFT JOIN x ON x.k = p.\"id\" " +
                   $"WHERE p.\"budget_by\" <> 'none' AND (CASE WHEN {money} THEN p.\"cost_budget\" ELSE p.\"budget\" END) IS NOT NULL AND ({sees}){active}";
        }

        /// <summary>The uninvoiced and budget reports' order: client name and id, then project name and id.</summary>
        private string ClientThenProject =>
            $"{ByName("coalesce(c.\"name\", '')")}, {D.OrderKey("p.\"client_id\"", false)}, {ByName("p.\"name\"")}, {D.OrderKey("p.\"id\"", false)}";
    }
}
