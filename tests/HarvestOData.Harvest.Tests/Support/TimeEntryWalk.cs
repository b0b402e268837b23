using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Sandbox;

namespace HarvestOData.Harvest.Tests.Support;

/// <summary>
/// Lists every time entry the way the sync keeps the gate busy: one walker per month, all at once, small pages. The
/// result is compared with the sandbox's own rows.
/// </summary>
public static class TimeEntryWalk
{
    public static readonly ResourceDefinition TimeEntries = EntityCatalog.Get("time_entries");

    public static async Task<List<long>> ListAllAsync(IHarvestClient client, HarvestSandbox sandbox, int perPage = 10)
    {
        var dates = sandbox.Data.Rows("time_entries").Select(r => (DateOnly)r["spent_date"]!).ToList();
        var first = new DateOnly(dates.Min().Year, dates.Min().Month, 1);
        var months = new List<(DateOnly From, DateOnly To)>();
        for (var month = first; month <= dates.Max(); month = month.AddMonths(1))
            months.Add((month, month.AddMonths(1).AddDays(-1)));
        var walks = months.Select(async m =>
        {
            var ids = new List<long>();
            await foreach (var page in client.ListAsync(TimeEntries, new ListQuery { From = m.From, To = m.To, PerPage = perPage }))
                ids.AddRange(page.Records.Select(r => r.Id));
            return ids;
        });
        return (await Task.WhenAll(walks)).SelectMany(ids => ids).Order().ToList();
    }

    public static List<long> Truth(HarvestSandbox sandbox) => sandbox.Data.Rows("time_entries").Select(r => r.Id).Order().ToList();
}
