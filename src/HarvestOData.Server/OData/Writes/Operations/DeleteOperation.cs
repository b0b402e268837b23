using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Concurrency;
using HarvestOData.Server.OData.Writes.Mirror;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// DELETE of one entity. On success the mirror drops the row and what Harvest deletes with it (a project's time entries,
/// expenses and assignments: the catalog's cascades; an invoice's items, payments and messages).
/// </summary>
public sealed class DeleteOperation(WriteServices services)
{
    public async Task<WriteResponse> RunAsync(WriteCall call, CancellationToken cancellationToken)
    {
        var set = call.Target.Set;
        var resource = set.Resource;
        if (resource.Kind == ResourceKind.Embedded)
            return await new LineItemOperations(services).DeleteAsync(call, cancellationToken).ConfigureAwait(false);
        string template = resource.DeletePath
            ?? throw WriteException.NotAllowed($"Harvest does not let one delete {set.Name}" + (resource.FindField("is_active") is null ? "." : "; archive them with IsActive = false."));
        long id = call.Key;

        var row = await services.Rows.FindAsync(resource, id, cancellationToken).ConfigureAwait(false);
        var pathValues = PathValues.FromRow(resource, template, row)
            ?? throw WriteException.NotFound($"{call.Describe} is not in the mirror yet, and Harvest needs its parent to delete it.");
        long? parentId = PathValues.ParentId(resource, pathValues);
        await Preconditions.CheckAsync(services.Harvest, services.Tags, call.Session, call.Request.Header("If-Match"), resource, id, parentId, call.Describe).ConfigureAwait(false);

        await services.Harvest.RunAsync(call.Session, client => client.DeleteAsync(resource, id, pathValues, CancellationToken.None)).ConfigureAwait(false);
        var edits = new List<MirrorEdit> { new MirrorEdit.Delete(resource, id) };
        edits.AddRange(await SideEffects.AfterAsync(services, call.Session, resource, parentId, null, cancellationToken).ConfigureAwait(false));
        await services.Mirror.ApplyAsync(edits, $"{call.Describe} deleted through OData by user {call.Session.Caller.UserId}", cancellationToken).ConfigureAwait(false);
        return Replies.Deleted();
    }
}
