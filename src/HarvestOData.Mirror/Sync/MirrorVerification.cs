using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>How one resource of the mirror compares with Harvest.</summary>
public sealed record Verification(string Resource, long Mirror, long? Harvest, bool Matches, string Note);

/// <summary>
/// Checks the mirror against Harvest cheaply: a listed resource's row count against Harvest's <c>total_entries</c>
/// (one <c>per_page=1</c> call each); the company must be one row; per-parent lists have no account-wide count, so
/// they count as verified when no parent waits in the queue (every changed parent's list was read whole).
/// </summary>
public sealed class MirrorVerification(IHarvestClient client, MirrorDatabase database)
{
    public async Task<Verification> VerifyAsync(ResourceDefinition resource, CancellationToken cancellationToken = default)
    {
        long mirror = await new MirrorReader(database).CountAsync(resource, cancellationToken);
        switch (resource.Kind)
        {
            case ResourceKind.Singleton:
                return new Verification(resource.Name, mirror, 1, mirror == 1, mirror == 1 ? "refreshed whole" : "expected one row");
            case ResourceKind.PerParent:
                await using (var connection = await database.OpenReadOnlyAsync(cancellationToken))
                {
                    int pending = (await ParentQueue.PendingAsync(connection, resource, cancellationToken)).Count;
                    return new Verification(resource.Name, mirror, null, pending == 0,
                        pending == 0 ? "every changed parent's list read" : $"{pending} parents still queued");
                }
            default:
                var page = await client.FirstPageAsync(resource, ListQuery.All with { PerPage = 1 }, RequestPriority.Background, cancellationToken);
                long harvest = page.TotalEntries ?? page.Records.Count;
                return new Verification(resource.Name, mirror, harvest, mirror == harvest,
                    mirror == harvest ? "row count equals total_entries" : $"mirror has {mirror} rows, Harvest {harvest}");
        }
    }
}
