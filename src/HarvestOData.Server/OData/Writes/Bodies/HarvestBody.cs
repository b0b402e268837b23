using System.Globalization;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// Harvest's JSON body for a checked change, named and formatted by the catalog: the OData property's
/// <see cref="HarvestField.Column"/> is Harvest's parameter (<c>ProjectId</c> → <c>project_id</c>), dates as
/// <c>yyyy-MM-dd</c>, timestamps in UTC, string lists as arrays, line items as <c>line_items</c> with <c>_destroy</c>.
/// Parent ids of per-parent resources travel in the path, not the body.
/// </summary>
public static class HarvestBody
{
    /// <param name="currentItems">The parent's items now (for a PATCH that replaces the set, items not mentioned are removed).</param>
    public static JsonObject From(EntityChange change, IReadOnlyCollection<long>? currentItems = null)
    {
        var body = new JsonObject();
        foreach (var (field, value) in change.Values)
        {
            if (field.JsonPath.Count > 0)
                body[field.Column] = Json(field, value);
        }
        foreach (var (link, ids) in change.Links)
            body[link.JsonKey] = new JsonArray(ids.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
        if (change.ItemResource is { } items)
            body[items.JsonKey!] = Items(change, currentItems ?? []);
        return body;
    }

    /// <summary>One item array entry per change (<c>{"id":7,"_destroy":true}</c> for removals).</summary>
    public static JsonArray Items(EntityChange change, IReadOnlyCollection<long> currentItems)
    {
        var array = new JsonArray();
        foreach (var item in change.Items)
        {
            var entry = new JsonObject();
            if (item.Id is { } id)
                entry["id"] = id;
            if (item.Remove)
                entry["_destroy"] = true;
            foreach (var (field, value) in item.Values)
                entry[field.Column] = Json(field, value);
            array.Add(entry);
        }
        if (change.ReplacesItems)
        {
            var kept = change.Items.Where(i => i.Id is not null).Select(i => i.Id!.Value).ToHashSet();
            foreach (long stale in currentItems.Where(id => !kept.Contains(id)))
                array.Add(new JsonObject { ["id"] = stale, ["_destroy"] = true });
        }
        return array;
    }

    public static JsonNode? Json(HarvestField field, object? value) => value switch
    {
        null => null,
        long l => JsonValue.Create(l),
        decimal d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        DateOnly day => JsonValue.Create(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTimeOffset instant => JsonValue.Create(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        string text when field.Type == FieldType.StringList => new JsonArray(text
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => (JsonNode?)JsonValue.Create(part)).ToArray()),
        string text when field.Type == FieldType.Json => JsonNode.Parse(text),
        string text => JsonValue.Create(text),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
