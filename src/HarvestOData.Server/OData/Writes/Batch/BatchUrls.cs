using HarvestOData.Server.OData.Routing;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// The URL of a batch part relative to the service root: absolute (<c>http://host/odata/Clients</c>), absolute path
/// (<c>/odata/Clients</c>) or relative (<c>Clients</c>), and <c>$id</c> references to an earlier part's new entity
/// (<c>$1/Contacts</c>: <c>$1</c> is the <c>Location</c> of part 1's answer).
/// </summary>
public static class BatchUrls
{
    public static string Relative(string url, string serviceRoot, Func<string, string?> locationOf)
    {
        string text = url.Trim();
        if (text.StartsWith('$') && !text.StartsWith("$batch", StringComparison.OrdinalIgnoreCase))
        {
            int slash = text.IndexOfAny(['/', '?']);
            string reference = slash < 0 ? text[1..] : text[1..slash];
            string location = locationOf(reference)
                ?? throw WriteException.BadRequest($"'${reference}' refers to no earlier request that created an entity.");
            text = location + (slash < 0 ? "" : text[slash..]);
        }
        if (text.StartsWith(serviceRoot, StringComparison.OrdinalIgnoreCase))
            return text[serviceRoot.Length..];
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            text = absolute.PathAndQuery;
        string prefix = RequestParser.Prefix + "/";
        if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return text[prefix.Length..];
        if (text.StartsWith('/'))
            throw WriteException.BadRequest($"The batch request URL '{url}' is outside the OData service ({RequestParser.Prefix}/).");
        return text;
    }
}
