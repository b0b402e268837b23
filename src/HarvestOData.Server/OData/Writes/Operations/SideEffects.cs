using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Harvest;
using HarvestOData.Server.OData.Writes.Mirror;
using TimeEntryNames = HarvestOData.Harvest.Catalog.CatalogNames.TimeEntries;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// Rows Harvest changes besides the one written, re-read so the mirror shows them at once: the parent of a payment,
/// message or rate (an invoice's amounts and state, a user's current rate), and a user's other running timer, which
/// Harvest stops when a timer starts. Each costs a GET through the gate. Best effort: the write itself has succeeded,
/// so a failing re-read only leaves those rows to the next sync.
/// </summary>
public static class SideEffects
{
    public static async Task<List<MirrorEdit>> AfterAsync(WriteServices services, WriteSession session, ResourceDefinition resource,
        long? parentId, HarvestRecord? written, CancellationToken cancellationToken)
    {
        var edits = new List<MirrorEdit>();
        try
        {
            await CollectAsync(services, session, resource, parentId, written, edits, cancellationToken).ConfigureAwait(false);
        }
        catch (WriteException)
        {
            // Harvest could not be asked again right now (throttled, gone): the next sync brings those rows.
        }
        return edits;
    }

    private static async Task CollectAsync(WriteServices services, WriteSession session, ResourceDefinition resource,
        long? parentId, HarvestRecord? written, List<MirrorEdit> edits, CancellationToken cancellationToken)
    {
        if (resource.Kind == ResourceKind.PerParent && parentId is { } parent && EntityCatalog.Get(resource.Parent!) is var owner
            && owner.FindField(CatalogNames.UpdatedAt) is not null)
        {
            var fresh = await services.Harvest.RunAsync(session, client => client.GetAsync(owner, parent)).ConfigureAwait(false);
            if (fresh is not null)
                edits.Add(new MirrorEdit.Upsert(fresh));
        }
        if (written is { Resource.Name: TimeEntryNames.Resource } && written[TimeEntryNames.IsRunning] is true && written[TimeEntryNames.UserId] is long user)
        {
            foreach (var other in await services.Rows.WhereAsync(resource, cancellationToken, (TimeEntryNames.UserId, user), (TimeEntryNames.IsRunning, true)).ConfigureAwait(false))
            {
                if (other.Id == written.Id)
                    continue;
                var fresh = await services.Harvest.RunAsync(session, client => client.GetAsync(resource, other.Id)).ConfigureAwait(false);
                edits.Add(fresh is null ? new MirrorEdit.Delete(resource, other.Id, Cascade: false) : new MirrorEdit.Upsert(fresh));
            }
        }
    }
}
