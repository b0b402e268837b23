using System.Text;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Protocol;
using Microsoft.AspNetCore.WebUtilities;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// Reads a write body (JSON, or form fields for flat writes) against a resource's catalog fields. Read-only and
/// unknown keys are ignored, as Harvest ignores parameters it does not take; a wrong type is a 422.
/// </summary>
internal static class BodyReader
{
    public static WriteInput Read(ResourceDefinition resource, byte[] body, string? contentType)
    {
        var input = new WriteInput();
        if (body.Length == 0)
            return input;
        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            {
                if (resource.FindField(key) is { IsWritable: true } field)
                    input.Values[key] = ValueCoercion.FromText(field, value.ToString());
            }
            return input;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw SandboxProblem.Invalid("The request body is not valid JSON.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw SandboxProblem.Invalid("The request body must be a JSON object.");
            ReadObject(resource, document.RootElement, input);
        }
        return input;
    }

    private static void ReadObject(ResourceDefinition resource, JsonElement body, WriteInput input)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (resource.Links.FirstOrDefault(l => l.JsonKey == property.Name) is { } link)
                input.Links[link.JsonKey] = ReadIds(property);
            else if (EntityCatalog.EmbeddedIn(resource).FirstOrDefault(c => c.JsonKey == property.Name) is { } child)
                input.Items[child.Name] = ReadItems(child, property);
            else if (resource.FindField(property.Name) is { IsWritable: true } field)
                input.Values[field.Column] = ValueCoercion.FromJson(field, property.Value);
        }
    }

    private static List<long> ReadIds(JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
            throw SandboxProblem.Invalid($"{property.Name} must be an array of ids.");
        return property.Value.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long id) ? id : throw SandboxProblem.Invalid($"{property.Name} must be an array of ids."))
            .ToList();
    }

    private static List<ItemInput> ReadItems(ResourceDefinition child, JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
            throw SandboxProblem.Invalid($"{property.Name} must be an array.");
        var items = new List<ItemInput>();
        foreach (var element in property.Value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw SandboxProblem.Invalid($"Each of {property.Name} must be an object.");
            long? id = element.TryGetProperty("id", out var idValue) && idValue.ValueKind != JsonValueKind.Null
                ? (long)ValueCoercion.FromJson(child.Field("id"), idValue)!
                : null;
            bool destroy = element.TryGetProperty("_destroy", out var destroyValue)
                && (destroyValue.ValueKind == JsonValueKind.True || (destroyValue.ValueKind == JsonValueKind.String && destroyValue.GetString() is "true" or "1"));
            var item = new ItemInput { Id = id, Destroy = destroy };
            foreach (var field in element.EnumerateObject())
            {
                if (child.FindField(field.Name) is { IsWritable: true } writable)
                    item.Values[writable.Column] = ValueCoercion.FromJson(writable, field.Value);
            }
            items.Add(item);
        }
        return items;
    }
}
