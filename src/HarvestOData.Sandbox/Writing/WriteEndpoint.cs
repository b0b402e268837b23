using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Reading;
using HarvestOData.Sandbox.Store;
using HarvestOData.Sandbox.Writing.Rules;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// POST, PATCH, DELETE and the timer actions: 201 + the created object, 200 + the full object, 200 with an empty
/// body for deletes (docs/harvest.md#writes). A write the caller may not make is a 403 even when the row exists but is
/// hidden from them (Harvest's answer to a member editing someone else's time).
/// </summary>
internal sealed class WriteEndpoint(SandboxStore store, WriteCore core, RulesRegistry rules, ReadEndpoint reader)
{
    public SandboxAnswer Handle(SandboxCall call, CallerScope scope, ApiRoute route, Dictionary<string, long> pathValues)
    {
        var table = store[route.Resource.Name];
        long? id = pathValues.TryGetValue("id", out long found) ? found : null;
        switch (route.Kind)
        {
            case RouteKind.Create:
            {
                var input = BodyReader.Read(route.Resource, call.Body, call.ContentType);
                int row = core.Create(table, input, pathValues, scope);
                return reader.Render(table, row, 201);
            }
            case RouteKind.Update:
            {
                var input = BodyReader.Read(route.Resource, call.Body, call.ContentType);
                int row = core.Update(table, id ?? 0, input, pathValues, scope);
                return reader.Render(table, row);
            }
            case RouteKind.Delete:
            {
                int row = WriteCore.Locate(table, id, pathValues);
                Authorize(scope, table, row, WriteKind.Delete);
                new DeletePlan(store, rules).Run(table, row, scope.Caller);
                return new SandboxAnswer(200, []);
            }
            default:
            {
                int row = WriteCore.Locate(table, id, pathValues);
                Authorize(scope, table, row, WriteKind.Update);
                if (route.ActionName == "stop")
                    TimeEntryRules.Stop(store, table, row, scope.Caller);
                else
                    TimeEntryRules.Restart(store, table, row, scope.Caller);
                return reader.Render(table, row);
            }
        }
    }

    private void Authorize(CallerScope scope, Table table, int row, WriteKind kind)
    {
        if (!scope.Caller.IsSystem && (!WritePolicy.MayWrite(scope.Caller, table.Name, kind) || !core.Allows(scope, table, row, kind)))
            throw SandboxProblem.Forbidden();
    }
}
