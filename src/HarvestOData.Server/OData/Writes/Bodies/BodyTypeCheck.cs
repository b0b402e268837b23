using System.Globalization;
using System.Text.Json;
using HarvestOData.Server.OData.Model;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// ODataLib refuses a wrong value with a message that does not always say which property held it ("Cannot convert a
/// value to target type 'Edm.Int64'…"). After such a refusal this walks the raw JSON and names the first property whose
/// value does not fit its EDM type, so the 400 can name it.
/// </summary>
public static class BodyTypeCheck
{
    /// <summary>The first misfit as (property path, explanation), or null when every value fits.</summary>
    public static (string Property, string Problem)? FindMisfit(byte[] body, EntitySetMap set, ServiceModel model)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Walk(document.RootElement, set, model, "") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string, string)? Walk(JsonElement entity, EntitySetMap set, ServiceModel model, string prefix)
    {
        foreach (var property in entity.EnumerateObject())
        {
            if (property.Name.Contains('@'))
                continue;
            string path = prefix + property.Name;
            if (set.Columns.FirstOrDefault(c => c.Name == property.Name) is { } column)
            {
                if (Problem(property.Value, column.Property.Type) is { } problem)
                    return (path, $"The property '{path}' {problem}.");
            }
            else if (set.FindNavigation(property.Name) is { } navigation)
            {
                var items = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToList() : [property.Value];
                for (int i = 0; i < items.Count; i++)
                {
                    if (items[i].ValueKind == JsonValueKind.Object && Walk(items[i], navigation.Target, model, $"{path}[{i}]/") is { } found)
                        return found;
                }
            }
            else
            {
                return (path, $"The property '{path}' does not exist on {set.Type.Name}.");
            }
        }
        return null;
    }

    private static string? Problem(JsonElement value, IEdmTypeReference type)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return type.IsNullable ? null : "cannot be null";
        string name = type.FullName();
        bool fits = name switch
        {
            // Both forms, as the reader accepts them (NumericStrings): a JSON number or the number written as a string.
            "Edm.Int64" => value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out _)
                : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            "Edm.Decimal" => value.ValueKind == JsonValueKind.Number ? value.TryGetDecimal(out _)
                : value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "Edm.Boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "Edm.Date" => value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "Edm.DateTimeOffset" => value.ValueKind == JsonValueKind.String && IsInstant(value.GetString()!),
            _ => value.ValueKind == JsonValueKind.String,
        };
        if (fits)
            return null;
        string expected = name switch
        {
            "Edm.Int64" => "an integer (a JSON number, or its digits as a string)",
            "Edm.Decimal" => "a decimal (a JSON number, or the number as a string)",
            "Edm.Boolean" => "true or false",
            "Edm.Date" => "a date like \"2024-03-01\"",
            "Edm.DateTimeOffset" => "a timestamp with offset like \"2024-03-01T09:30:00Z\"",
            _ => "a string",
        };
        return $"must be {expected} ({name}); got {Describe(value)}";
    }

    private static bool IsInstant(string text) =>
        text.Length > 10 && (text.EndsWith('Z') || text[^6] is '+' or '-')
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Shorten(value.GetRawText())}",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
