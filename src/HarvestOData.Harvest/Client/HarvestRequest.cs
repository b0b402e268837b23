using System.Text.Json.Nodes;

namespace HarvestOData.Harvest.Client;

/// <summary>One logical call to Harvest; the transport turns it into as many attempts as it needs.</summary>
/// <param name="Path">Relative to the API root (<c>time_entries?per_page=2000</c>) or an absolute <c>links.next</c>.</param>
/// <param name="NullOn404">A GET of one record: 404 means "gone or not visible", not an error.</param>
/// <param name="TokenCheck">Confirms a caller's token (<c>users/me</c>): takes a slot of the gate's bounded token-check share.</param>
internal sealed record HarvestRequest(HttpMethod Method, string Path, RequestPriority Priority, JsonObject? Body = null, bool NullOn404 = false,
    bool TokenCheck = false)
{
    public override string ToString() => $"{Method} {Path}";
}
