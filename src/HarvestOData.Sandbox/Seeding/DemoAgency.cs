using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>
/// Generates the deterministic demo agency: two years ending at the clock's today, sized by the options. The same
/// seed and the same clock give the same account, ids included.
/// </summary>
internal static class DemoAgency
{
    public static (SandboxStore Store, long Administrator, long Manager, long Member) Generate(SandboxOptions options, TimeProvider time)
    {
        var capacities = new Dictionary<string, int>
        {
            ["time_entries"] = options.TimeEntries + 16,
            ["expenses"] = options.ExpenseCount + 16,
        };
        var store = new SandboxStore(time, capacities);
        var seed = new SeedContext(store, options);
        PeopleSeeder.Seed(seed);
        CatalogueSeeder.Seed(seed);
        ProjectSeeder.Seed(seed);
        var slots = WorkSlot.All(seed);
        var byDay = WorkSlot.ByDay(seed, slots);
        TimeSeeder.Seed(seed, slots, byDay);
        ExpenseSeeder.Seed(seed, slots, byDay);
        InvoiceSeeder.Seed(seed);
        EstimateSeeder.Seed(seed);
        foreach (var table in store.Tables)
            table.Touch();
        return (store, seed.AdministratorId, seed.ManagerId, seed.MemberId);
    }
}
