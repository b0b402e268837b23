using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Serialization;
using HarvestOData.Server.OData.Storage;
using HarvestOData.Server.OData.Writes.Actions;
using HarvestOData.Server.OData.Writes.Operations;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// Runs one <see cref="WriteRequest"/> for an authenticated caller — a plain HTTP write or one part of a batch — and
/// always produces a <see cref="WriteResponse"/>: success, or an OData error (never an exception, never a 500 for bad
/// input). Nothing reaches Harvest before the URL and the body have been checked.
/// </summary>
public sealed class WriteExecutor(WriteServices services, ILogger<WriteExecutor> logger)
{
    public async Task<WriteResponse> ExecuteAsync(WriteSession session, WriteRequest request, CancellationToken cancellationToken)
    {
        WriteTarget? target = null;
        try
        {
            target = WriteTarget.Parse(services.Model, services.Limits, session.ServiceRoot, request.RelativeUrl);
            var response = await DispatchAsync(session, request, target, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("{Caller} {Request} answered {Status}", session.ToString(), request.ToString(), response.Status);
            return response;
        }
        catch (WriteException e)
        {
            if (e.Status >= 500)
                logger.LogWarning("{Caller} {Request} answered {Status}: {Message}", session.ToString(), request.ToString(), e.Status, e.Message);
            var response = ErrorResponse.From(e);
            if (e.Status == 405 && target is not null)
                response.Headers["Allow"] = Allowed(target);
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException && ErrorMapping.Map(e, timedOut: false) is { } mapped)
        {
            return ErrorResponse.Create(mapped.Status, mapped.Code, mapped.Message);
        }
    }

    private Task<WriteResponse> DispatchAsync(WriteSession session, WriteRequest request, WriteTarget target, CancellationToken cancellationToken)
    {
        var call = new WriteCall(session, request, target, Preferences.Parse(request.Header("Prefer")),
            ResponseFormat.Negotiate(null, request.Header("Accept") is { } accept ? [accept] : []) ?? ResponseFormat.Default);
        string method = request.Method.ToUpperInvariant();
        return (method, target) switch
        {
            ("POST", { Action: not null }) => new ActionOperation(services).RunAsync(call, cancellationToken),
            ("POST", { IsCollection: true }) => new CreateOperation(services).RunAsync(call, cancellationToken),
            ("POST", _) => throw WriteException.NotAllowed("POST creates in an entity set (POST TimeEntries) or invokes an action (POST TimeEntries(5)/Stop)."),
            ("PATCH" or "MERGE", { Action: null, IsCollection: false }) => new UpdateOperation(services).RunAsync(call, cancellationToken),
            ("PUT", _) => throw WriteException.NotAllowed("Harvest has no replace: use PATCH with the properties to change."),
            ("DELETE", { Action: null, IsCollection: false, Set.IsSingleton: false }) => new DeleteOperation(services).RunAsync(call, cancellationToken),
            _ => throw WriteException.NotAllowed($"{request.Method} is not allowed on {target}."),
        };
    }

    /// <summary>The methods the target takes, for the <c>Allow</c> header of a 405 (from the catalog's write paths).</summary>
    private static string Allowed(WriteTarget target)
    {
        var resource = target.Set.Resource;
        bool embedded = resource.Kind == ResourceKind.Embedded;
        var methods = new List<string>();
        if (target.Action is not null)
            return "POST";
        methods.Add("GET");
        if (target.IsCollection && (resource.CreatePath is not null || embedded))
            methods.Add("POST");
        if (!target.IsCollection && (resource.UpdatePath is not null || embedded))
            methods.Add("PATCH");
        if (!target.IsCollection && !target.Set.IsSingleton && (resource.DeletePath is not null || embedded))
            methods.Add("DELETE");
        return string.Join(", ", methods);
    }
}
