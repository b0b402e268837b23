using System.Text.Json;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Concurrency;
using HarvestOData.Server.OData.Writes.Mirror;
using HarvestOData.Server.OData.Writes.Operations;

namespace HarvestOData.Server.OData.Writes.Actions;

/// <summary>
/// Invokes a <see cref="BoundAction"/>: a catalog verb (<c>PATCH time_entries/{id}/stop</c>) or a state change posted as
/// a message with an <c>event_type</c>, after which the invoice or estimate is read again. Answers the entity as now
/// stored (200), or 204 under <c>return=minimal</c>. The actions take no parameters.
/// </summary>
public sealed class ActionOperation(WriteServices services)
{
    public async Task<WriteResponse> RunAsync(WriteCall call, CancellationToken cancellationToken)
    {
        var action = call.Target.Action!;
        var resource = action.Resource;
        long id = call.Key;
        RequireNoParameters(call.Request, action);
        await Preconditions.CheckAsync(services.Harvest, services.Tags, call.Session, call.Request.Header("If-Match"), resource, id, null, call.Describe).ConfigureAwait(false);

        var edits = new List<MirrorEdit>();
        if (!action.Verb.IsMessageEvent)
        {
            var record = await services.Harvest.RunAsync(call.Session, client => client.InvokeAsync(resource, action.Verb.Name, id, CancellationToken.None)).ConfigureAwait(false);
            edits.Add(new MirrorEdit.Upsert(record));
            edits.AddRange(await SideEffects.AfterAsync(services, call.Session, resource, null, record, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            var messages = action.MessageResource!;
            var pathValues = new Dictionary<string, object?> { [messages.ParentColumn!] = id };
            var body = new JsonObject { ["event_type"] = action.EventType };
            var message = await services.Harvest.RunAsync(call.Session, client => client.CreateAsync(messages, body, pathValues, CancellationToken.None)).ConfigureAwait(false);
            edits.Add(new MirrorEdit.Upsert(message, id));
            try
            {
                var document = await services.Harvest.RunAsync(call.Session, client => client.GetAsync(resource, id)).ConfigureAwait(false);
                if (document is not null)
                    edits.Add(new MirrorEdit.Upsert(document));
            }
            catch (WriteException)
            {
                // The state change is made; the document's new state reaches the mirror with the next sync.
            }
        }
        await services.Mirror.ApplyAsync(edits, $"{call.Describe} {action.Name} through OData by user {call.Session.Caller.UserId}", cancellationToken).ConfigureAwait(false);
        return await Replies.ActionAsync(services, call, call.Target.Set, id, cancellationToken).ConfigureAwait(false);
    }

    private static void RequireNoParameters(WriteRequest request, BoundAction action)
    {
        if (request.Body.IsEmpty)
            return;
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any(p => !p.Name.Contains('@')))
                return;
        }
        catch (JsonException)
        {
            // Falls through to the refusal below.
        }
        throw WriteException.BadBody($"{action.Name} takes no parameters; send an empty body or {{}}.");
    }
}
