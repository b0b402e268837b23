using System.Text;
using System.Text.Json;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// Reads an OData JSON batch (OData JSON Format 4.01, section 19) with System.Text.Json: <c>requests</c> with <c>id</c>,
/// <c>method</c>, <c>url</c>, <c>headers</c>, <c>body</c>, <c>atomicityGroup</c> and <c>dependsOn</c>. ODataLib's JSON
/// batch reader is not used: 8.4.4 throws a NullReferenceException on any <c>atomicityGroup</c> (7.7.2 failed on
/// <c>$id</c> references). Every structural problem is a 400.
/// </summary>
public static class JsonBatchParser
{
    public static BatchDocument Parse(byte[] body, int maxRequests)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw WriteException.BadRequest("The batch is not valid JSON: " + e.Message);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("requests", out var requests)
                || requests.ValueKind != JsonValueKind.Array)
                throw WriteException.BadRequest("A JSON batch is an object with a 'requests' array.");
            if (requests.GetArrayLength() > maxRequests)
                throw new WriteException(413, "BatchTooLarge", $"A batch may hold at most {maxRequests} requests (OData:Writes:MaxBatchRequests).");
            var parts = new List<BatchPart>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var groups = new HashSet<string>(StringComparer.Ordinal);
            string? openGroup = null;
            foreach (var request in requests.EnumerateArray())
            {
                var part = Part(request, parts.Count);
                if (!ids.Add(part.Id))
                    throw WriteException.BadRequest($"requests[{part.Index}]: the id '{part.Id}' is used twice.");
                foreach (string dependency in part.DependsOn)
                {
                    if (!ids.Contains(dependency) && !groups.Contains(dependency) && dependency != part.Group)
                        throw WriteException.BadRequest($"requests[{part.Index}]: dependsOn '{dependency}' names no earlier request or atomicity group.");
                }
                if (part.Group != openGroup && part.Group is not null && !groups.Add(part.Group))
                    throw WriteException.BadRequest($"requests[{part.Index}]: the requests of atomicity group '{part.Group}' must be adjacent.");
                openGroup = part.Group;
                parts.Add(part);
            }
            return new BatchDocument(BatchFormat.Json, parts);
        }
    }

    private static BatchPart Part(JsonElement request, int index)
    {
        if (request.ValueKind != JsonValueKind.Object)
            throw WriteException.BadRequest($"requests[{index}] must be an object.");
        string id = Text(request, "id", index, required: false) ?? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string method = Text(request, "method", index, required: true)!.ToUpperInvariant();
        string url = Text(request, "url", index, required: true)!;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (request.TryGetProperty("headers", out var given))
        {
            if (given.ValueKind != JsonValueKind.Object)
                throw WriteException.BadRequest($"requests[{index}].headers must be an object of strings.");
            foreach (var header in given.EnumerateObject())
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
        }
        byte[] body = [];
        if (request.TryGetProperty("body", out var content) && content.ValueKind != JsonValueKind.Null)
        {
            bool json = !headers.TryGetValue("Content-Type", out string? type) || type.Contains("json", StringComparison.OrdinalIgnoreCase);
            body = content.ValueKind == JsonValueKind.String && !json ? Encoding.UTF8.GetBytes(content.GetString()!) : Encoding.UTF8.GetBytes(content.GetRawText());
            headers.TryAdd("Content-Type", "application/json");
        }
        var dependsOn = new List<string>();
        if (request.TryGetProperty("dependsOn", out var dependencies))
        {
            if (dependencies.ValueKind != JsonValueKind.Array || dependencies.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
                throw WriteException.BadRequest($"requests[{index}].dependsOn must be an array of request ids.");
            dependsOn.AddRange(dependencies.EnumerateArray().Select(d => d.GetString()!));
        }
        return new BatchPart(index, id, method, url, headers, body, Text(request, "atomicityGroup", index, required: false), dependsOn);
    }

    private static string? Text(JsonElement request, string name, int index, bool required)
    {
        if (request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            return text;
        if (required || (request.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null))
            throw WriteException.BadRequest($"requests[{index}].{name} must be a non-empty string.");
        return null;
    }
}
