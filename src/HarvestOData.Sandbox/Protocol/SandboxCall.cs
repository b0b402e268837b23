namespace HarvestOData.Sandbox.Protocol;

/// <summary>A request as the core sees it, whichever adapter (in-process handler or Kestrel) received it.</summary>
/// <param name="Path">Path below the API root without a leading slash (<c>time_entries/5/stop</c>).</param>
/// <param name="Query">Raw query string without the leading <c>?</c>.</param>
/// <param name="BaseUri">The API root as the caller addressed it (<c>https://sandbox.harvest.test/v2/</c>); links are built on it.</param>
internal sealed record SandboxCall(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? ContentType,
    Uri BaseUri)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
