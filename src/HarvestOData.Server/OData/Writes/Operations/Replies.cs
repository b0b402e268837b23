using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Writes.Responses;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// Success answers (OData 4.0 Protocol, section 11.4): POST 201 with the entity and <c>Location</c>; PATCH 204, or 200 with the entity under
/// <c>Prefer: return=representation</c>; actions 200 with the entity; <c>return=minimal</c> makes any of them 204.
/// <c>Preference-Applied</c> says which preference was honoured. Entities come from the mirror as now stored.
/// </summary>
public static class Replies
{
    public static async Task<WriteResponse> CreatedAsync(WriteServices services, WriteCall call, EntitySetMap set, long id, CancellationToken cancellationToken)
    {
        string location = WriteTarget.EntityUrl(call.Session.ServiceRoot, set, id);
        var response = call.Prefer.WantsMinimal ? null : await Entity(services, call, set, id, 201, cancellationToken).ConfigureAwait(false);
        response ??= WriteResponse.NoContent().With("OData-EntityId", location);
        response.Headers["Location"] = location;
        if (call.Prefer.Return is not null)
            response.Headers["Preference-Applied"] = response.Status == 204 ? "return=minimal" : "return=representation";
        return response;
    }

    public static async Task<WriteResponse> UpdatedAsync(WriteServices services, WriteCall call, EntitySetMap set, long id, string? etag, CancellationToken cancellationToken)
    {
        var response = call.Prefer.WantsRepresentation ? await Entity(services, call, set, id, 200, cancellationToken).ConfigureAwait(false) : null;
        if (response is null)
        {
            response = WriteResponse.NoContent().With("OData-Version", "4.0");
            if (etag is not null)
                response.Headers["ETag"] = etag;
        }
        if (call.Prefer.Return is not null)
            response.Headers["Preference-Applied"] = response.Status == 204 ? "return=minimal" : "return=representation";
        return response;
    }

    public static async Task<WriteResponse> ActionAsync(WriteServices services, WriteCall call, EntitySetMap set, long id, CancellationToken cancellationToken)
    {
        var response = call.Prefer.WantsMinimal ? null : await Entity(services, call, set, id, 200, cancellationToken).ConfigureAwait(false);
        response ??= WriteResponse.NoContent().With("OData-Version", "4.0");
        if (call.Prefer.Return is not null)
            response.Headers["Preference-Applied"] = response.Status == 204 ? "return=minimal" : "return=representation";
        return response;
    }

    public static WriteResponse Deleted() => WriteResponse.NoContent().With("OData-Version", "4.0");

    private static Task<WriteResponse?> Entity(WriteServices services, WriteCall call, EntitySetMap set, long id, int status, CancellationToken cancellationToken) =>
        services.Responder.RespondAsync(call.Session, set, id, SameSet(call, set) ? call.Target.SelectExpand : null, call.Format, status, cancellationToken);

    /// <summary>$select/$expand apply to the set the URL names (a line item written through its invoice gets neither).</summary>
    private static bool SameSet(WriteCall call, EntitySetMap set) => call.Target.Set == set;
}
