namespace HarvestOData.Sandbox;

/// <summary>A request as <see cref="HarvestSandbox.BeforeRequest"/> sees it, before any other processing.</summary>
/// <param name="Method">HTTP method (<c>GET</c>).</param>
/// <param name="Path">Path below the API root without a leading slash (<c>time_entries</c>, <c>invoices/5/messages</c>).</param>
/// <param name="Query">Raw query string without <c>?</c>.</param>
/// <param name="CallNumber">1-based count of requests received (the value of <see cref="SandboxCounters.Calls"/>).</param>
public sealed record SandboxRequest(string Method, string Path, string Query, long CallNumber);
