using Microsoft.Net.Http.Headers;

namespace HarvestOData.Server.OData.Serialization;

public enum MetadataLevel
{
    Minimal,
    None,
    Full,
}

/// <summary>
/// The JSON flavour a client asked for through <c>$format</c> or <c>Accept</c>: <c>odata.metadata</c> and
/// <c>IEEE754Compatible</c> (Int64 and Decimal as strings). Anything but JSON is not acceptable for data (406).
/// </summary>
public sealed record ResponseFormat(MetadataLevel Metadata, bool Ieee754Compatible)
{
    public static readonly ResponseFormat Default = new(MetadataLevel.Minimal, false);

    public string ContentType =>
        $"application/json;odata.metadata={Metadata.ToString().ToLowerInvariant()};odata.streaming=true;IEEE754Compatible={(Ieee754Compatible ? "true" : "false")};charset=utf-8";

    /// <summary>The format, or null when neither <c>$format</c> nor <c>Accept</c> admits JSON.</summary>
    public static ResponseFormat? Negotiate(string? format, IList<string> accept)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            string value = format.Trim();
            if (value.Equals("json", StringComparison.OrdinalIgnoreCase))
                return Default;
            return MediaTypeHeaderValue.TryParse(value, out var media) && IsJson(media) ? From(media) : null;
        }
        if (accept.Count == 0)
            return Default;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
            return Default;
        foreach (var media in ranges.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
        {
            if (IsJson(media))
                return From(media);
        }
        return null;
    }

    private static bool IsJson(MediaTypeHeaderValue media) =>
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
        || media.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase);

    private static ResponseFormat From(MediaTypeHeaderValue media)
    {
        var level = MetadataLevel.Minimal;
        bool ieee = false;
        foreach (var parameter in media.Parameters)
        {
            string name = parameter.Name.Value ?? "";
            string value = parameter.Value.Value?.Trim('"') ?? "";
            if (name.Equals("odata.metadata", StringComparison.OrdinalIgnoreCase) || name.Equals("metadata", StringComparison.OrdinalIgnoreCase))
            {
                level = value.ToLowerInvariant() switch
                {
                    "none" => MetadataLevel.None,
                    "full" => MetadataLevel.Full,
                    _ => MetadataLevel.Minimal,
                };
            }
            else if (name.Equals("odata", StringComparison.OrdinalIgnoreCase))
            {
                // OData v3 spelling (odata=minimalmetadata / fullmetadata / nometadata), still in Power Query's Accept list.
                level = value.ToLowerInvariant() switch
                {
                    "nometadata" => MetadataLevel.None,
                    "fullmetadata" => MetadataLevel.Full,
                    _ => MetadataLevel.Minimal,
                };
            }
            else if (name.Equals("IEEE754Compatible", StringComparison.OrdinalIgnoreCase))
            {
                ieee = value.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
        }
        return new ResponseFormat(level, ieee);
    }
}
