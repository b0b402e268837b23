namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// One write as the executor sees it, whether it came as an HTTP request or as a part of a <c>$batch</c>: the method,
/// the URL relative to the service root (<c>TimeEntries(5)?$select=Hours</c>), the headers that matter and the body.
/// </summary>
public sealed record WriteRequest(string Method, string RelativeUrl, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public string Path => RelativeUrl.Split('?', 2)[0];

    public string Query => RelativeUrl.Contains('?') ? RelativeUrl.Split('?', 2)[1] : "";

    public override string ToString() => $"{Method} {Path}";

    public static IReadOnlyDictionary<string, string> NewHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
            map[name] = map.TryGetValue(name, out string? earlier) ? earlier + ", " + value : value;
        return map;
    }
}
