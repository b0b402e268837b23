using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>
/// Shared state of one generation run: the seeded random source, the clock's "now", the two-year span, Harvest-like
/// id ranges per table (ascending with small gaps, so ids are never assumed contiguous) and the demo users.
/// </summary>
internal sealed class SeedContext(SandboxStore store, SandboxOptions options)
{
    private static readonly Dictionary<string, long> FirstIds = new(StringComparer.Ordinal)
    {
        ["users"] = 1_782_800, ["roles"] = 618_000, ["billable_rates"] = 1_836_400, ["cost_rates"] = 825_300,
        ["clients"] = 5_735_700, ["contacts"] = 4_706_400, ["tasks"] = 8_083_300, ["projects"] = 14_307_900,
        ["task_assignments"] = 155_502_700, ["user_assignments"] = 125_068_500, ["expense_categories"] = 4_195_900,
        ["invoice_item_categories"] = 1_466_200, ["estimate_item_categories"] = 1_378_700, ["time_entries"] = 636_700_000,
        ["expenses"] = 15_296_400, ["invoices"] = 13_150_300, ["invoice_line_items"] = 53_341_400,
        ["invoice_messages"] = 27_835_200, ["invoice_payments"] = 10_112_800, ["estimates"] = 1_439_800,
        ["estimate_line_items"] = 53_334_100, ["estimate_messages"] = 2_666_200,
    };

    public SandboxStore Store { get; } = store;

    public SandboxOptions Options { get; } = options;

    public Random Random { get; } = new(options.Seed);

    public DateTimeOffset Now { get; } = store.Now;

    public long NowSeconds => Now.ToUnixTimeSeconds();

    public DateOnly Today { get; } = store.Today;

    /// <summary>The first day of the two years of history.</summary>
    public DateOnly Start => Today.AddDays(-730);

    public long AdministratorId { get; set; }

    public long ManagerId { get; set; }

    public long MemberId { get; set; }

    public Table this[string resource] => Store[resource];

    /// <summary>Appends a row with the table's next id (first id of its range, then +1 to +3).</summary>
    public int NewRow(Table table)
    {
        long id = table.Count == 0 ? FirstIds.GetValueOrDefault(table.Name, 1_000) : table.LastId + Random.Next(1, 4);
        return table.Append(id);
    }

    /// <summary>Sets columns by name (small tables; the big ones use typed columns directly).</summary>
    public int Add(string resource, params (string Column, object? Value)[] values)
    {
        var table = Store[resource];
        int row = NewRow(table);
        foreach (var (column, value) in values)
            table.Column(column).Set(row, value);
        return row;
    }

    /// <summary>Unix seconds of a day at a time of day, never after now.</summary>
    public long At(DateOnly day, int secondOfDay) =>
        Math.Min(NowSeconds, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds() + secondOfDay);

    public DateTimeOffset Instant(long seconds) => DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, NowSeconds));

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public bool Chance(double probability) => Random.NextDouble() < probability;

    public decimal Money(int low, int high) => Math.Round((decimal)(low + (Random.NextDouble() * (high - low))), 2);
}
