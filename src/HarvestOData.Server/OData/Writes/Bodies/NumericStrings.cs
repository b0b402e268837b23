using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarvestOData.Server.OData.Model;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// Edm.Int64 and Edm.Decimal values may come as JSON numbers or as strings: the SAP Cloud SDK and other
/// IEEE754-minded clients quote every Int64 (an id does not survive a JavaScript double), without saying
/// <c>IEEE754Compatible=true</c>. ODataLib accepts exactly one of the two forms (strings with the parameter, numbers
/// without), so every body is read as IEEE754Compatible and the numbers are turned into strings here first, digits
/// kept as sent (no trip through a double). Only properties whose declared type is Int64 or Decimal are touched, in the
/// entity and in nested (deep insert, delta) entities; everything else reaches ODataLib as sent.
/// </summary>
public static class NumericStrings
{
    public const string ContentTypeParameter = "IEEE754Compatible=true";

    /// <summary>The body with Int64/Decimal numbers quoted; the same array when there are none or it is not an object.</summary>
    public static byte[] Quote(byte[] body, EntitySetMap set)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return body; // ODataLib reports malformed JSON with its own precise message.
        }
        if (root is not JsonObject entity)
            return body;
        try
        {
            return Rewrite(entity, set) ? Encoding.UTF8.GetBytes(entity.ToJsonString()) : body;
        }
        catch (ArgumentException)
        {
            return body; // A duplicate property: ODataLib names it.
        }
    }

    /// <summary>The content type ODataLib reads the quoted body with: the client's, with IEEE754Compatible=true.</summary>
    public static string ContentType(string contentType)
    {
        var parts = contentType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("IEEE754Compatible", StringComparison.OrdinalIgnoreCase));
        return string.Join(";", parts.Append(ContentTypeParameter));
    }

    private static bool Rewrite(JsonObject entity, EntitySetMap set)
    {
        bool changed = false;
        foreach (var (name, value) in entity.ToList())
        {
            if (value is null)
                continue;
            int at = name.IndexOf('@', StringComparison.Ordinal);
            string property = at < 0 ? name : name[..at];
            if (at < 0 && set.Columns.FirstOrDefault(c => c.Name == property) is { Kind: ValueKind.Int64 or ValueKind.Decimal } column)
            {
                if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && AsText(number.ToJsonString(), column.Kind) is { } text)
                {
                    entity[name] = JsonValue.Create(text);
                    changed = true;
                }
            }
            else if ((at < 0 || name[at..] is "@odata.delta" or "@delta") && set.FindNavigation(property) is { } navigation)
            {
                foreach (var item in value is JsonArray array ? array.ToList() : [value])
                {
                    if (item is JsonObject nested)
                        changed |= Rewrite(nested, navigation.Target);
                }
            }
        }
        return changed;
    }

    /// <summary>The number as ODataLib parses it from a string (no exponent; an Int64 without fraction), or null when it is not one.</summary>
    private static string? AsText(string raw, ValueKind kind)
    {
        if (kind == ValueKind.Int64)
        {
            if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                return raw;
            return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal whole) && whole == decimal.Truncate(whole)
                && whole is >= long.MinValue and <= long.MaxValue
                ? ((long)whole).ToString(CultureInfo.InvariantCulture)
                : null;
        }
        if (raw.AsSpan().IndexOfAny('e', 'E') < 0)
            return raw;
        return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) ? value.ToString(CultureInfo.InvariantCulture) : null;
    }
}
