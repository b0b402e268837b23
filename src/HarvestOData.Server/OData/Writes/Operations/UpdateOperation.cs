using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Bodies;
using HarvestOData.Server.OData.Writes.Concurrency;
using HarvestOData.Server.OData.Writes.Mirror;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// PATCH of one entity (or the company): only the properties sent change, as in Harvest. <c>If-Match</c> is checked
/// against Harvest's current record first; line items in the body become the invoice's or estimate's <c>line_items</c>.
/// </summary>
public sealed class UpdateOperation(WriteServices services)
{
    public async Task<WriteResponse> RunAsync(WriteCall call, CancellationToken cancellationToken)
    {
        var set = call.Target.Set;
        var resource = set.Resource;
        if (resource.Kind == ResourceKind.Embedded)
            return await new LineItemOperations(services).UpdateAsync(call, cancellationToken).ConfigureAwait(false);
        string template = resource.UpdatePath
            ?? throw WriteException.NotAllowed($"Harvest does not let one change {set.Name}; they can only be created or deleted.");
        long id = call.Key;

        var body = services.Bodies.Read(call.Request, set, call.Session.ServiceRoot);
        var change = ChangeBuilder.Build(body, set, id);
        await TimerRule.CheckAsync(services, call.Session, change, cancellationToken).ConfigureAwait(false);
        var row = await services.Rows.FindAsync(resource, id, cancellationToken).ConfigureAwait(false);
        var pathValues = PathValues.FromRow(resource, template, row)
            ?? throw WriteException.NotFound($"{call.Describe} is not in the mirror yet, and Harvest needs its parent to change it.");
        long? parentId = PathValues.ParentId(resource, pathValues);
        await Preconditions.CheckAsync(services.Harvest, services.Tags, call.Session, call.Request.Header("If-Match"), resource, id, parentId, call.Describe).ConfigureAwait(false);

        if (change.IsEmpty)
        {
            // Nothing goes to Harvest, but a PATCH of nothing still answers for an entity that exists and is the caller's
            // to see: the mirror says so, or else Harvest (one GET as the caller), as a PATCH with changes would find out.
            if (!await services.Responder.ShowsAsync(call.Session, set, id, cancellationToken).ConfigureAwait(false)
                && await services.Harvest.RunAsync(call.Session, client => client.GetAsync(resource, id, parentId)).ConfigureAwait(false) is null)
                throw WriteException.NotFound($"Harvest has no {call.Describe} visible to you.");
            return await Replies.UpdatedAsync(services, call, set, id, await services.Tags.TagAsync(resource, id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        var items = change.ItemResource is { } itemResource
            ? await services.Rows.IdsWhereAsync(itemResource, itemResource.ParentColumn!, id, cancellationToken).ConfigureAwait(false)
            : null;
        var json = HarvestBody.From(change, items);
        var record = await services.Harvest.RunAsync(call.Session, client => client.UpdateAsync(resource, id, json, pathValues, CancellationToken.None)).ConfigureAwait(false);

        var edits = new List<MirrorEdit> { new MirrorEdit.Upsert(record, parentId) };
        edits.AddRange(await SideEffects.AfterAsync(services, call.Session, resource, parentId, record, cancellationToken).ConfigureAwait(false));
        await services.Mirror.ApplyAsync(edits, $"{call.Describe} changed through OData by user {call.Session.Caller.UserId}", cancellationToken).ConfigureAwait(false);
        // The tag as the mirror now stores the row: its version moved even if Harvest's updated_at did not.
        string? etag = await services.Tags.TagAsync(resource, record.Id, cancellationToken).ConfigureAwait(false);
        return await Replies.UpdatedAsync(services, call, set, record.Id, etag, cancellationToken).ConfigureAwait(false);
    }
}
