using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Reading;

/// <summary>
/// The documented list filters (docs/harvest.md#filters) as row predicates: <c>updated_since</c> (strictly after, at second
/// precision), <c>from</c>/<c>to</c> (on the catalog's date window column; inclusive), and equality on the id, flag and state
/// columns the resource has. Filters on columns a resource lacks are ignored, like unknown parameters.
/// </summary>
internal static class RowFilter
{
    private static readonly string[] EqualityFilters =
    [
        "user_id", "project_id", "client_id", "task_id", "expense_category_id", "is_active", "is_billed", "is_running",
        "state", "approval_status", "external_reference_id",
    ];

    public static List<Func<int, bool>> Build(SandboxStore store, Table table, IReadOnlyDictionary<string, string> filters, IReadOnlyDictionary<string, long> pathValues)
    {
        var tests = new List<Func<int, bool>>();
        foreach (var (column, value) in pathValues)
        {
            var ids = table.Column<LongColumn>(column);
            tests.Add(row => ids.Nullable(row) == value);
        }
        if (table.Resource.SupportsUpdatedSince && filters.TryGetValue("updated_since", out var since))
        {
            long after = ParseInstant(since).ToUnixTimeSeconds();
            var updated = table.Column<TimestampColumn>("updated_at");
            tests.Add(row => updated[row] > after);
        }
        if (table.Resource.DateWindowColumn is { } dateColumn && table.FindColumn(dateColumn) is DateColumn day)
        {
            if (filters.TryGetValue("from", out var from))
            {
                int first = ParseDate(from, "from").DayNumber;
                tests.Add(row => day.Nullable(row) >= first);
            }
            if (filters.TryGetValue("to", out var to))
            {
                int last = ParseDate(to, "to").DayNumber;
                tests.Add(row => day.Nullable(row) <= last);
            }
        }
        foreach (var name in EqualityFilters)
        {
            if (filters.TryGetValue(name, out var text) && Equality(table, name, text) is { } test)
                tests.Add(test);
        }
        if (table.Name == "invoices" && filters.TryGetValue("project_id", out var project))
            tests.Add(InvoicesOfProject(store, ParseId(project, "project_id")));
        return tests;
    }

    private static Func<int, bool>? Equality(Table table, string name, string text) => table.FindColumn(name) switch
    {
        LongColumn ids when ParseId(text, name) is var id => row => ids.Nullable(row) == id,
        BoolColumn flags when ParseBool(text, name) is var flag => row => flags.Nullable(row) == flag,
        StringColumn strings => row => string.Equals(strings[row], text, StringComparison.Ordinal),
        _ => null,
    };

    /// <summary>Invoices have no project column: Harvest filters them by the projects of their line items.</summary>
    private static Func<int, bool> InvoicesOfProject(SandboxStore store, long projectId)
    {
        var items = store["invoice_line_items"];
        var projects = items.Column<LongColumn>("project_id");
        var invoices = items.Column<LongColumn>("invoice_id");
        var matching = items.LiveRows().Where(row => projects.Nullable(row) == projectId).Select(row => invoices[row]).ToHashSet();
        var ids = store["invoices"].Ids;
        return row => matching.Contains(ids[row]);
    }

    public static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw SandboxProblem.Invalid("updated_since must be an ISO 8601 date and time.");

    public static DateOnly ParseDate(string text, string name) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw SandboxProblem.Invalid($"{name} must be a date (YYYY-MM-DD).");

    private static long ParseId(string text, string name) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id)
            ? id
            : throw SandboxProblem.Invalid($"{name} must be an integer.");

    private static bool ParseBool(string text, string name) => text switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw SandboxProblem.Invalid($"{name} must be true or false."),
    };
}
