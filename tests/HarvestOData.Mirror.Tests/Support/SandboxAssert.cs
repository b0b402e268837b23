using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Sandbox;

namespace HarvestOData.Mirror.Tests.Support;

/// <summary>The assertions every end-to-end test shares.</summary>
public static class SandboxAssert
{
    /// <summary>The throttle bar (docs/architecture.md#bars): 0 calls over the limit and 0 calls made while throttled, in every test.</summary>
    public static void ThrottleRespected(HarvestSandbox sandbox)
    {
        Assert.True(sandbox.Counters.CallsOverLimit == 0, $"{sandbox.Counters.CallsOverLimit} calls went over the sandbox's limit ({sandbox.Counters}).");
        Assert.True(sandbox.Counters.CallsWhileThrottled == 0, $"{sandbox.Counters.CallsWhileThrottled} calls were made while throttled ({sandbox.Counters}).");
    }

    /// <summary>Every resource of the mirror equals the sandbox's data row for row and field for field, children and links included.</summary>
    public static async Task MirrorEqualsSandbox(MirrorReader reader, HarvestSandbox sandbox)
    {
        foreach (var resource in EntityCatalog.All.Where(r => r.Kind != ResourceKind.Embedded))
            RecordAssert.Equal(SandboxRows(sandbox, resource), await reader.ReadAllAsync(resource), resource.Name);
    }

    public static IReadOnlyList<HarvestRecord> SandboxRows(HarvestSandbox sandbox, ResourceDefinition resource) =>
        resource.Kind == ResourceKind.Singleton ? [sandbox.Data.Company] : sandbox.Data.Rows(resource.Name);
}
