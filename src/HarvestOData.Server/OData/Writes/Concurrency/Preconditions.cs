using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Harvest;

namespace HarvestOData.Server.OData.Writes.Concurrency;

/// <summary>
/// <c>If-Match</c> on PATCH, DELETE and actions, checked against Harvest's CURRENT record (one GET through the gate,
/// never the mirror, which may lag): a mismatch is 412 and nothing is changed anywhere. <c>If-Match: *</c> always passes.
/// </summary>
public static class Preconditions
{
    public static async Task CheckAsync(HarvestCalls harvest, WriteSession session, string? ifMatch, ResourceDefinition resource, long id, long? parentId, string describe)
    {
        if (ifMatch is null || EntityTag.IsWildcard(ifMatch))
            return;
        if (resource.FindField("updated_at") is null)
        {
            throw new WriteException(412, "PreconditionFailed",
                $"{resource.EntitySet} carry no ETag, so If-Match can only be '*'.");
        }
        var current = await harvest.RunAsync(session, client => client.GetAsync(resource, id, parentId)).ConfigureAwait(false)
            ?? throw WriteException.NotFound($"Harvest has no {describe} visible to you.");
        string? tag = EntityTag.Of(current);
        if (!EntityTag.Matches(ifMatch, tag))
        {
            throw new WriteException(412, "PreconditionFailed",
                $"{describe} has changed in Harvest since that ETag (now {tag}); nothing was changed. Read it again and retry.");
        }
    }
}
