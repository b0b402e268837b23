using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Harvest.Client;

/// <summary>Paths below the API root: list URLs with their filters, single records, and the catalog's write templates.</summary>
internal static partial class HarvestPaths
{
    public const string ReportsPrefix = "reports/";

    /// <summary>The first page's path; later pages follow <c>links.next</c> verbatim.</summary>
    public static string List(ResourceDefinition resource, ListQuery query)
    {
        if (query.PerPage is < 1 or > 2000)
            throw new ArgumentOutOfRangeException(nameof(query), query.PerPage, "ListQuery.PerPage must be between 1 and 2000.");
        var url = new StringBuilder(ListPath(resource, query.ParentId));
        url.Append("?per_page=").Append(query.PerPage.ToString(CultureInfo.InvariantCulture));
        // Resources without updated_since get a full list: the caller still sees every change.
        if (query.UpdatedSince is { } since && resource.SupportsUpdatedSince)
            Add(url, "updated_since", since.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (query.From is { } from)
            Add(url, "from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (query.To is { } to)
            Add(url, "to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        foreach (var (name, value) in query.Filters)
            Add(url, name, value);
        return url.ToString();
    }

    public static string Item(ResourceDefinition resource, long id, long? parentId) =>
        ListPath(resource, parentId) + "/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Fills <c>{column}</c> placeholders from <paramref name="id"/>, then <paramref name="pathValues"/>, then the body.</summary>
    public static string Fill(ResourceDefinition resource, string template, long? id, IReadOnlyDictionary<string, object?>? pathValues, JsonObject? body) =>
        Placeholder().Replace(template, match =>
        {
            string name = match.Groups[1].Value;
            string? value = name == "id" && id is not null ? Format(id) : null;
            if (value is null && pathValues is not null && pathValues.TryGetValue(name, out object? given))
                value = Format(given);
            if (value is null && body is not null && body.TryGetPropertyValue(name, out var node))
                value = Format(node);
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"Writing {resource.Name} needs '{name}' for the path '{template}'.", nameof(pathValues));
            return Uri.EscapeDataString(value);
        });

    /// <summary>The parent id a write's answer belongs to (per-parent resources: <c>invoice_id</c> of a payment).</summary>
    public static long? ParentId(ResourceDefinition resource, IReadOnlyDictionary<string, object?>? pathValues, JsonObject? body)
    {
        if (resource.ParentColumn is not { } column)
            return null;
        string? value = null;
        if (pathValues is not null && pathValues.TryGetValue(column, out object? given))
            value = Format(given);
        if (value is null && body is not null && body.TryGetPropertyValue(column, out var node))
            value = Format(node);
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id) ? id : null;
    }

    public static bool IsReports(string relativePath) => relativePath.StartsWith(ReportsPrefix, StringComparison.Ordinal);

    private static string ListPath(ResourceDefinition resource, long? parentId)
    {
        string path = resource.ListPath ?? throw new ArgumentException($"{resource.Name} is embedded in {resource.Parent}; read it from there.", nameof(resource));
        if (resource.Kind != ResourceKind.PerParent)
            return path;
        if (parentId is null)
            throw new ArgumentException($"Listing {resource.Name} needs the {resource.Parent} id (ListQuery.ParentId).", nameof(parentId));
        return path.Replace("{parent_id}", parentId.Value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static void Add(StringBuilder url, string name, string value) =>
        url.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));

    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        JsonValue json when json.GetValueKind() == JsonValueKind.Number => json.ToJsonString(),
        JsonValue json when json.GetValueKind() == JsonValueKind.String => json.GetValue<string>(),
        JsonNode => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
