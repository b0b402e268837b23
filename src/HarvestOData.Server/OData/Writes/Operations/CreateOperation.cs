using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Bodies;
using HarvestOData.Server.OData.Writes.Mirror;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>POST to an entity set: read and check the body, create in Harvest with the caller's token, mirror the answer, return it.</summary>
public sealed class CreateOperation(WriteServices services)
{
    public async Task<WriteResponse> RunAsync(WriteCall call, CancellationToken cancellationToken)
    {
        var set = call.Target.Set;
        var resource = set.Resource;
        if (resource.Kind == ResourceKind.Embedded)
            return await new LineItemOperations(services).CreateAsync(call, cancellationToken).ConfigureAwait(false);
        string template = resource.CreatePath
            ?? throw WriteException.NotAllowed($"Harvest does not let one create {set.Name}.");

        var body = services.Bodies.Read(call.Request, set, call.Session.ServiceRoot);
        var change = ChangeBuilder.Build(body, set, key: null);
        await TimerRule.CheckAsync(services, call.Session, change, cancellationToken).ConfigureAwait(false);
        var pathValues = PathValues.FromChange(resource, template, change);
        var json = HarvestBody.From(change);

        var record = await services.Harvest.RunAsync(call.Session, client => client.CreateAsync(resource, json, pathValues, CancellationToken.None)).ConfigureAwait(false);
        long? parentId = PathValues.ParentId(resource, pathValues);
        var edits = new List<MirrorEdit> { new MirrorEdit.Upsert(record, parentId) };
        edits.AddRange(await SideEffects.AfterAsync(services, call.Session, resource, parentId, record, cancellationToken).ConfigureAwait(false));
        await services.Mirror.ApplyAsync(edits, $"{set.Type.Name} {record.Id} created through OData by user {call.Session.Caller.UserId}", cancellationToken).ConfigureAwait(false);
        return await Replies.CreatedAsync(services, call, set, record.Id, cancellationToken).ConfigureAwait(false);
    }
}
