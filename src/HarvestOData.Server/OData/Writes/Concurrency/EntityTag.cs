using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Server.OData.Writes.Concurrency;

/// <summary>
/// The <c>@odata.etag</c> of an entity: a weak tag over its <c>updated_at</c> as the mirror stores it
/// (<c>W/"2024-03-01T09:30:00Z"</c>), byte for byte what the read endpoint's EntityWriter emits.
/// </summary>
public static class EntityTag
{
    /// <summary>The tag of a record; null for resources without <c>updated_at</c> (line items, the company).</summary>
    public static string? Of(HarvestRecord record) => record.UpdatedAt is { } at ? Of(at) : null;

    public static string Of(DateTimeOffset updatedAt) => "W/\"" + StoredValue.Timestamp(updatedAt) + "\"";

    /// <summary>
    /// Whether an <c>If-Match</c> value admits <paramref name="current"/>: <c>*</c> always; otherwise any listed tag equal
    /// under weak comparison (the <c>W/</c> prefix is ignored, the quoted value must be equal).
    /// </summary>
    public static bool Matches(string ifMatch, string? current)
    {
        if (ifMatch.Trim() == "*")
            return true;
        if (current is null)
            return false;
        string wanted = Opaque(current);
        return Split(ifMatch).Any(tag => Opaque(tag) == wanted);
    }

    public static bool IsWildcard(string ifMatch) => ifMatch.Trim() == "*";

    private static string Opaque(string tag)
    {
        string trimmed = tag.Trim();
        if (trimmed.StartsWith("W/", StringComparison.OrdinalIgnoreCase))
            trimmed = trimmed[2..];
        return trimmed.Trim('"');
    }

    /// <summary>Tags of a list; commas inside quotes (none in our tags, but legal) do not split.</summary>
    private static IEnumerable<string> Split(string list)
    {
        int start = 0;
        bool quoted = false;
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i] == '"')
                quoted = !quoted;
            else if (list[i] == ',' && !quoted)
            {
                yield return list[start..i];
                start = i + 1;
            }
        }
        yield return list[start..];
    }
}
