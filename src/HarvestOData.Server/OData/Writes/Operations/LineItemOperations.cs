using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Bodies;
using HarvestOData.Server.OData.Writes.Concurrency;
using HarvestOData.Server.OData.Writes.Mirror;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// Line items have no endpoint of their own: Harvest adds, changes and removes them through a PATCH of their invoice or
/// estimate (<c>line_items</c>: no id = new, id = change, id + <c>_destroy</c> = removal). POST, PATCH and DELETE on
/// <c>InvoiceLineItems</c>/<c>EstimateLineItems</c> are translated to that, and the parent comes back with all its items.
/// </summary>
public sealed class LineItemOperations(WriteServices services)
{
    public async Task<WriteResponse> CreateAsync(WriteCall call, CancellationToken cancellationToken)
    {
        var set = call.Target.Set;
        var (items, parent) = Resources(set.Resource);
        var change = ChangeBuilder.Build(services.Bodies.Read(call.Request, set, call.Session.ServiceRoot), set, key: null);
        long parentId = (long)change[items.ParentColumn!]!;
        var values = change.Values.Where(v => v.Key.Column != items.ParentColumn).ToDictionary();
        var before = await services.Rows.IdsWhereAsync(items, items.ParentColumn!, parentId, cancellationToken).ConfigureAwait(false);

        var record = await PatchParentAsync(call, parent, parentId, Entry(null, false, values), cancellationToken).ConfigureAwait(false);
        long created = record.Children.GetValueOrDefault(items.Name)?.Select(r => r.Id).Except(before).DefaultIfEmpty(-1).Max() ?? -1;
        if (created < 0)
            throw new WriteException(502, "HarvestAnswerUnreadable", $"Harvest accepted the new line item but its answer does not show it; the {parent.EntityType} was refreshed.");
        return await Replies.CreatedAsync(services, call, set, created, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteResponse> UpdateAsync(WriteCall call, CancellationToken cancellationToken)
    {
        var set = call.Target.Set;
        var (items, parent) = Resources(set.Resource);
        var change = ChangeBuilder.Build(services.Bodies.Read(call.Request, set, call.Session.ServiceRoot), set, call.Key);
        long parentId = await ParentOfAsync(call, items, cancellationToken).ConfigureAwait(false);
        await Preconditions.CheckAsync(services.Harvest, services.Tags, call.Session, call.Request.Header("If-Match"), items, call.Key, parentId, call.Describe).ConfigureAwait(false);
        if (!change.IsEmpty)
            await PatchParentAsync(call, parent, parentId, Entry(call.Key, false, change.Values), cancellationToken).ConfigureAwait(false);
        return await Replies.UpdatedAsync(services, call, set, call.Key, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteResponse> DeleteAsync(WriteCall call, CancellationToken cancellationToken)
    {
        var (items, parent) = Resources(call.Target.Set.Resource);
        long parentId = await ParentOfAsync(call, items, cancellationToken).ConfigureAwait(false);
        await Preconditions.CheckAsync(services.Harvest, services.Tags, call.Session, call.Request.Header("If-Match"), items, call.Key, parentId, call.Describe).ConfigureAwait(false);
        await PatchParentAsync(call, parent, parentId, Entry(call.Key, true, new Dictionary<HarvestField, object?>()), cancellationToken).ConfigureAwait(false);
        return Replies.Deleted();
    }

    private async Task<HarvestRecord> PatchParentAsync(WriteCall call, ResourceDefinition parent, long parentId, JsonObject entry, CancellationToken cancellationToken)
    {
        var items = call.Target.Set.Resource;
        var body = new JsonObject { [items.JsonKey!] = new JsonArray(entry) };
        var record = await services.Harvest.RunAsync(call.Session, client => client.UpdateAsync(parent, parentId, body, null, CancellationToken.None)).ConfigureAwait(false);
        await services.Mirror.ApplyAsync([new MirrorEdit.Upsert(record)],
            $"{parent.EntityType} {parentId} items changed through OData by user {call.Session.Caller.UserId}", cancellationToken).ConfigureAwait(false);
        return record;
    }

    private async Task<long> ParentOfAsync(WriteCall call, ResourceDefinition items, CancellationToken cancellationToken)
    {
        var row = await services.Rows.FindAsync(items, call.Key, cancellationToken).ConfigureAwait(false);
        return row?[items.ParentColumn!] as long?
            ?? throw WriteException.NotFound($"No {call.Target.Set.Type.Name} {call.Key} is known; line items are found through their {items.Parent} in the mirror.");
    }

    private static JsonObject Entry(long? id, bool remove, IReadOnlyDictionary<HarvestField, object?> values)
    {
        var entry = new JsonObject();
        if (id is { } known)
            entry["id"] = known;
        if (remove)
            entry["_destroy"] = true;
        foreach (var (field, value) in values)
            entry[field.Column] = HarvestBody.Json(field, value);
        return entry;
    }

    private static (ResourceDefinition Items, ResourceDefinition Parent) Resources(ResourceDefinition items) => (items, EntityCatalog.Get(items.Parent!));
}
