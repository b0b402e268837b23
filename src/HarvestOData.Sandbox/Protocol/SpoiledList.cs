using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarvestOData.Sandbox.Protocol;

/// <summary>
/// List answers spoiled on purpose: one that contradicts itself (its rows array cut to the first few rows while
/// <c>total_entries</c>, <c>total_pages</c> and the links still describe the whole answer), or one with wrong-typed rows.
/// </summary>
internal static class SpoiledList
{
    public static byte[] Cut(byte[] body, int keepRows)
    {
        if (JsonNode.Parse(body) is not JsonObject envelope)
            return body;
        foreach (var (name, value) in envelope.ToList())
        {
            if (value is JsonArray rows && name != "links")
                envelope[name] = new JsonArray(rows.Take(keepRows).Select(r => r?.DeepClone()).ToArray());
        }
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }

    /// <summary>The same answer with every row's <c>id</c> a string that is not a number (a wrong-typed record).</summary>
    public static byte[] WrongTypedIds(byte[] body)
    {
        if (JsonNode.Parse(body) is not JsonObject envelope)
            return body;
        foreach (var (name, value) in envelope.ToList())
        {
            if (value is JsonArray rows && name != "links")
            {
                foreach (var row in rows.OfType<JsonObject>())
                    row["id"] = "not-a-number";
            }
        }
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }
}
