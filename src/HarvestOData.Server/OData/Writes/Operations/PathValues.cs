using System.Text.RegularExpressions;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Writes.Bodies;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// Values for the <c>{column}</c> placeholders of the catalog's write paths (<c>projects/{project_id}/task_assignments/{id}</c>)
/// besides the id: from the body on create, from the mirror's row on update and delete (Harvest needs the project of an
/// assignment, the invoice of a payment).
/// </summary>
public static partial class PathValues
{
    public static IReadOnlyList<string> Placeholders(string? template) =>
        template is null ? [] : Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(n => n != "id").Distinct().ToList();

    public static Dictionary<string, object?> FromChange(ResourceDefinition resource, string template, EntityChange change)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string name in Placeholders(template))
            values[name] = change[name];
        if (resource.ParentColumn is { } parent)
            values[parent] = change[parent];
        return values;
    }

    /// <summary>The row's values for the placeholders; null when the template needs some and the mirror lacks the row.</summary>
    public static Dictionary<string, object?>? FromRow(ResourceDefinition resource, string template, HarvestRecord? row)
    {
        var names = Placeholders(template).ToList();
        if (resource.ParentColumn is { } parent && !names.Contains(parent))
            names.Add(parent);
        if (names.Count == 0)
            return [];
        if (row is null)
            return null;
        return names.ToDictionary(n => n, n => row[n], StringComparer.Ordinal);
    }

    /// <summary>The parent id of a per-parent or embedded row among <paramref name="values"/>.</summary>
    public static long? ParentId(ResourceDefinition resource, IReadOnlyDictionary<string, object?>? values) =>
        resource.ParentColumn is { } parent && values is not null && values.GetValueOrDefault(parent) is long id ? id : null;

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
