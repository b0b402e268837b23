using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;

namespace HarvestOData.Bench.Sync;

/// <summary>
/// The least a full mirror can cost: one call per 2000-row page of every list, one per parent for every per-parent
/// list, one for the company; and the least time: those calls at the throttle's rate.
/// </summary>
internal static class ThrottleFloor
{
    public const int PageRows = 2000;

    public static long PagesNeeded(HarvestSandbox sandbox, ResourceDefinition resource) => resource.Kind switch
    {
        ResourceKind.Singleton => 1,
        ResourceKind.PerParent => PerParentPages(sandbox, resource),
        _ => Math.Max(1, (sandbox.Data.Count(resource.Name) + PageRows - 1) / PageRows),
    };

    private static long PerParentPages(HarvestSandbox sandbox, ResourceDefinition resource)
    {
        var children = sandbox.Data.Rows(resource.Name).GroupBy(r => (long)r[resource.ParentColumn!]!).ToDictionary(g => g.Key, g => g.Count());
        return sandbox.Data.Rows(resource.Parent!).Sum(parent => Math.Max(1, (children.GetValueOrDefault(parent.Id) + PageRows - 1) / PageRows));
    }

    public static long PagesNeeded(HarvestSandbox sandbox) => EntityCatalog.Fetched.Sum(r => PagesNeeded(sandbox, r));

    public static TimeSpan Duration(long calls, int requests, double windowSeconds) => TimeSpan.FromSeconds(calls * windowSeconds / requests);
}
