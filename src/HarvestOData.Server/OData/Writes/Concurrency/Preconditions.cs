using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Harvest;

namespace HarvestOData.Server.OData.Writes.Concurrency;

/// <summary>
/// <c>If-Match</c> on PATCH, DELETE and actions. A tag holds Harvest's <c>updated_at</c> and the mirror's row version:
/// the first is checked against Harvest's CURRENT record (one GET through the gate, since the mirror may lag), the
/// second against the mirror's row now (a change within the same second moved it). A mismatch is 412 and nothing is
/// changed anywhere. <c>If-Match: *</c> always passes.
/// </summary>
public static class Preconditions
{
    public static async Task CheckAsync(HarvestCalls harvest, StoredTags tags, WriteSession session, string? ifMatch, ResourceDefinition resource,
        long id, long? parentId, string describe)
    {
        if (ifMatch is null || EntityTag.IsWildcard(ifMatch))
            return;
        if (resource.FindField(CatalogNames.UpdatedAt) is null)
        {
            throw new WriteException(412, "PreconditionFailed",
                $"{resource.EntitySet} carry no ETag, so If-Match can only be '*'.");
        }
        var current = await harvest.RunAsync(session, client => client.GetAsync(resource, id, parentId)).ConfigureAwait(false)
            ?? throw WriteException.NotFound($"Harvest has no {describe} visible to you.");
        long? version = await tags.VersionAsync(resource, id, CancellationToken.None).ConfigureAwait(false);
        string? tag = current.UpdatedAt is { } at && version is { } v ? EntityTag.Of(at, v) : null;
        if (!EntityTag.Matches(ifMatch, tag))
        {
            throw new WriteException(412, "PreconditionFailed",
                $"{describe} has changed since that ETag (now {tag ?? "unknown"}); nothing was changed. Read it again and retry.");
        }
    }
}
