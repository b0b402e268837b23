using HarvestOData.Mirror.Store;

namespace HarvestOData.Server.OData.Writes.Concurrency;

/// <summary>
/// The <c>@odata.etag</c> of an entity: a weak tag over its <c>updated_at</c> as the mirror stores it and the mirror's
/// row version (<c>W/"2024-03-01T09:30:00Z;3"</c>), byte for byte what the read endpoint's EntityWriter emits. <c>updated_at</c> alone has one-second resolution, so two writes in one second
/// kept one tag; the row version (bumped by every upsert that changes the row) tells them apart.
/// </summary>
public static class EntityTag
{
    public static string Of(string storedUpdatedAt, long rowVersion) =>
        "W/\"" + storedUpdatedAt + ";" + rowVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    public static string Of(DateTimeOffset updatedAt, long rowVersion) => Of(StoredValue.Timestamp(updatedAt), rowVersion);

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
