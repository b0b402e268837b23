using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// Turns Harvest's JSON into <see cref="HarvestRecord"/>s through the <see cref="EntityCatalog"/>: each field is read
/// from its <see cref="HarvestField.JsonPath"/> and typed by its <see cref="FieldType"/>. Unknown extra fields are
/// ignored (Harvest adds fields over time); a known field of the wrong JSON type is an
/// <see cref="InvalidDataException"/> naming the resource, the field and the record id.
/// </summary>
public static class RecordReader
{
    private static readonly JsonWriterOptions CompactJson = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads one Harvest object of <paramref name="resource"/>.</summary>
    /// <param name="parentId">The parent's id for per-parent and embedded resources (not in Harvest's payload).</param>
    /// <param name="accountId">The account id: the company singleton's key (Harvest's company object has no id).</param>
    public static HarvestRecord Read(ResourceDefinition resource, JsonElement json, long? parentId = null, long? accountId = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (json.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"Harvest sent a {Describe(json.ValueKind)} where a {resource.Name} object was expected.");

        var record = new HarvestRecord(resource);
        string id = json.TryGetProperty("id", out var idElement) ? idElement.ToString() : "?";
        foreach (var field in resource.Fields)
            record.Values[field.Column] = ReadField(resource, field, json, parentId, accountId, id);

        if (resource.Name == "users")
            ApplyLegacyPermissions(record, json, id);

        foreach (var link in resource.Links)
        {
            if (json.TryGetProperty(link.JsonKey, out var ids) && ids.ValueKind != JsonValueKind.Null)
                record.Links[link.Table] = ReadIdArray(resource, link.JsonKey, ids, id);
        }

        foreach (var child in EntityCatalog.EmbeddedIn(resource))
        {
            if (!json.TryGetProperty(child.JsonKey!, out var items))
                continue; // Not sent: the caller cannot tell "no items" from "not included", so no set is reported.
            var rows = new List<HarvestRecord>();
            if (items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                    rows.Add(Read(child, item, record.Id));
            }
            else if (items.ValueKind != JsonValueKind.Null)
            {
                throw WrongType(resource, child.JsonKey!, id, items.ValueKind, "an array");
            }
            record.Children[child.Name] = rows;
        }
        return record;
    }

    /// <summary>Reads the records of a list envelope (<c>{"time_entries": [...], "links": {...}}</c>).</summary>
    public static IReadOnlyList<HarvestRecord> ReadList(ResourceDefinition resource, JsonElement envelope, long? parentId = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty(resource.JsonKey!, out var items) || items.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"Harvest's answer for {resource.Name} has no '{resource.JsonKey}' array.");
        var records = new List<HarvestRecord>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
            records.Add(Read(resource, item, parentId));
        return records;
    }

    /// <summary>
    /// The JSON leaf paths of <paramref name="json"/> that no catalog field, link or embedded child consumes
    /// (<c>"project.code"</c>, <c>"line_items[].project.name"</c>). The keys a nested reference embeds besides its id
    /// (<see cref="ReferenceEmbed"/>, copies of the target's fields) and the older user permission flags are not
    /// reported. Empty means the record holds everything Harvest sent.
    /// </summary>
    public static IReadOnlyList<string> UnconsumedPaths(ResourceDefinition resource, JsonElement json)
    {
        var coverage = LeafCoverage.For(resource);
        var unconsumed = new List<string>();
        coverage.Collect(json, "", unconsumed);
        return unconsumed;
    }

    private static object? ReadField(ResourceDefinition resource, HarvestField field, JsonElement json, long? parentId, long? accountId, string id)
    {
        if (field.JsonPath.Count == 0)
        {
            if (field.Column == resource.ParentColumn)
                return parentId ?? throw new ArgumentException($"Reading {resource.Name} needs the parent id ({resource.ParentColumn}).", nameof(parentId));
            if (resource.Kind == ResourceKind.Singleton && field.IsKey)
                return accountId ?? throw new ArgumentException($"Reading {resource.Name} needs the account id (its key).", nameof(accountId));
            return null;
        }
        // The company's id column is keyed by the account id even though the catalog spells its path "id".
        if (resource.Kind == ResourceKind.Singleton && field.IsKey)
            return accountId ?? throw new ArgumentException($"Reading {resource.Name} needs the account id (its key).", nameof(accountId));

        var current = json;
        for (int i = 0; i < field.JsonPath.Count; i++)
        {
            if (current.ValueKind == JsonValueKind.Null)
                return null;
            if (current.ValueKind != JsonValueKind.Object)
                throw WrongType(resource, string.Join('.', field.JsonPath.Take(i)), id, current.ValueKind, "an object");
            if (!current.TryGetProperty(field.JsonPath[i], out current))
                return null;
        }
        return Convert(resource, field, current, id);
    }

    private static object? Convert(ResourceDefinition resource, HarvestField field, JsonElement value, string id)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        switch (field.Type)
        {
            case FieldType.Id:
            case FieldType.Integer:
                if (value.ValueKind == JsonValueKind.Number)
                {
                    if (value.TryGetInt64(out long whole))
                        return whole;
                    // Harvest sometimes writes integral numbers as floats (126000.0).
                    if (value.TryGetDecimal(out decimal d) && d == decimal.Truncate(d) && d >= long.MinValue && d <= long.MaxValue)
                        return (long)d;
                }
                break;
            case FieldType.Decimal:
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal number))
                    return number;
                break;
            case FieldType.Boolean:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    return value.GetBoolean();
                break;
            case FieldType.String:
            case FieldType.ClockTime:
                if (value.ValueKind == JsonValueKind.String)
                    return value.GetString();
                // Lossless: external reference ids have been numbers in some integrations (tap-harvest 2.0.3).
                if (value.ValueKind == JsonValueKind.Number)
                    return value.GetRawText();
                break;
            case FieldType.Date:
                if (value.ValueKind == JsonValueKind.String)
                {
                    string text = value.GetString()!;
                    if (text.Length == 0)
                        return null;
                    if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                        return date;
                    throw BadText(resource, field, id, "a date (yyyy-MM-dd)");
                }
                break;
            case FieldType.Timestamp:
                if (value.ValueKind == JsonValueKind.String)
                {
                    string text = value.GetString()!;
                    if (text.Length == 0)
                        return null; // tap-harvest 2.0.1: empty timestamps occur.
                    if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
                        return instant.ToUniversalTime();
                    throw BadText(resource, field, id, "a timestamp (ISO 8601)");
                }
                break;
            case FieldType.StringList:
                if (value.ValueKind == JsonValueKind.Array)
                {
                    var parts = new List<string>();
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String)
                            throw WrongType(resource, string.Join('.', field.JsonPath) + "[]", id, item.ValueKind, "a string");
                        parts.Add(item.GetString()!);
                    }
                    return string.Join(HarvestField.ListSeparator, parts);
                }
                break;
            case FieldType.Json:
                return Compact(value);
        }
        throw WrongType(resource, string.Join('.', field.JsonPath), id, value.ValueKind, Expected(field.Type));
    }

    private static void ApplyLegacyPermissions(HarvestRecord record, JsonElement json, string id)
    {
        if (record["access_roles"] is not null)
            return;
        bool any = false;
        bool Flag(string key)
        {
            if (!json.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
                return false;
            any = true;
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw WrongType(record.Resource, key, id, value.ValueKind, "a boolean"),
            };
        }
        var roles = UserPermissions.FromLegacyFlags(Flag("is_admin"), Flag("is_project_manager"), Flag("can_see_rates"),
            Flag("can_create_projects"), Flag("can_create_invoices"));
        if (any)
            record["access_roles"] = string.Join(HarvestField.ListSeparator, roles);
    }

    private static List<long> ReadIdArray(ResourceDefinition resource, string key, JsonElement ids, string id)
    {
        if (ids.ValueKind != JsonValueKind.Array)
            throw WrongType(resource, key, id, ids.ValueKind, "an array of ids");
        var list = new List<long>(ids.GetArrayLength());
        foreach (var item in ids.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long target))
                throw WrongType(resource, key + "[]", id, item.ValueKind, "an id");
            list.Add(target);
        }
        return list;
    }

    internal static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactJson))
            value.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static InvalidDataException WrongType(ResourceDefinition resource, string path, string id, JsonValueKind actual, string expected) =>
        new($"Harvest sent {resource.Name} #{id} field '{path}' as {Describe(actual)}; expected {expected}.");

    private static InvalidDataException BadText(ResourceDefinition resource, HarvestField field, string id, string expected) =>
        new($"Harvest sent {resource.Name} #{id} field '{string.Join('.', field.JsonPath)}' as a string that is not {expected}.");

    private static string Expected(FieldType type) => type switch
    {
        FieldType.Id => "an id (integer)",
        FieldType.Integer => "an integer",
        FieldType.Decimal => "a number",
        FieldType.Boolean => "a boolean",
        FieldType.StringList => "an array of strings",
        FieldType.Date => "a date string",
        FieldType.Timestamp => "a timestamp string",
        _ => "a string",
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
