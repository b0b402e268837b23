using System.Text.Json;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Tests.Support;

/// <summary>
/// Compares payload shapes: the same keys recursively and the same JSON kinds (number, string, boolean, object,
/// array). A null in the example allows anything; a null in the sandbox is allowed where the catalog says the field
/// is nullable. Arrays are compared element by element against the example's first element.
/// </summary>
public sealed class ShapeAssert(ResourceDefinition resource, IReadOnlyCollection<string>? extraKeys = null)
{
    private readonly List<string> _failures = [];
    private readonly HashSet<string> _seenNonNull = [];

    public void Compare(JsonNode expected, JsonNode actual) => Compare(expected, actual, []);

    /// <summary>Fails with every difference found so far, and every example value the sandbox never filled.</summary>
    public void Verify(JsonNode example, bool requireCoverage)
    {
        var missing = new List<string>();
        if (requireCoverage)
            CollectNonNull(example, [], missing);
        Assert.True(_failures.Count == 0 && missing.Count == 0,
            $"{resource.Name}: {string.Join("; ", _failures.Distinct().Take(20))}" + (missing.Count > 0 ? $" | never filled: {string.Join(", ", missing)}" : ""));
    }

    private void Compare(JsonNode? expected, JsonNode? actual, List<string> path)
    {
        string where = path.Count == 0 ? "(root)" : string.Join('.', path);
        if (actual is not null)
            _seenNonNull.Add(where);
        if (expected is null)
            return;
        if (actual is null)
        {
            if (!NullAllowed(resource, path))
                _failures.Add($"{where} is null but the catalog says it is not nullable");
            return;
        }
        if (Kind(expected) != Kind(actual))
        {
            _failures.Add($"{where} is {Kind(actual)}, the example has {Kind(expected)}");
            return;
        }
        if (expected is JsonObject expectedObject && actual is JsonObject actualObject)
        {
            var extras = path.Count == 0 ? extraKeys ?? [] : [];
            foreach (var key in expectedObject.Select(p => p.Key).Where(k => !actualObject.ContainsKey(k)))
                _failures.Add($"{where}: key '{key}' missing");
            foreach (var key in actualObject.Select(p => p.Key).Where(k => !expectedObject.ContainsKey(k) && !extras.Contains(k)))
                _failures.Add($"{where}: unexpected key '{key}'");
            foreach (var (key, value) in expectedObject)
            {
                if (actualObject.TryGetPropertyValue(key, out var actualValue))
                    Compare(value, actualValue, [.. path, key]);
            }
        }
        else if (expected is JsonArray expectedArray && actual is JsonArray actualArray && expectedArray.Count > 0)
        {
            foreach (var item in actualArray)
                Compare(expectedArray[0], item, path);
        }
    }

    private void CollectNonNull(JsonNode? example, List<string> path, List<string> missing)
    {
        if (example is null)
            return;
        string where = path.Count == 0 ? "(root)" : string.Join('.', path);
        if (!_seenNonNull.Contains(where))
            missing.Add(where);
        if (example is JsonObject obj)
        {
            foreach (var (key, value) in obj)
                CollectNonNull(value, [.. path, key], missing);
        }
        else if (example is JsonArray array && array.Count > 0)
        {
            CollectNonNull(array[0], path, missing);
        }
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether the catalog lets Harvest send null at this JSON path of the resource.</summary>
    public static bool NullAllowed(ResourceDefinition resource, IReadOnlyList<string> path)
    {
        if (path.Count == 0)
            return false;
        string key = path[0];
        var fields = resource.Fields.Where(f => f.JsonPath.Count > 0 && f.JsonPath[0] == key).ToList();
        if (EntityCatalog.EmbeddedIn(resource).FirstOrDefault(c => c.JsonKey == key) is { } child)
            return path.Count > 1 && NullAllowed(child, path.Skip(1).ToList());
        if (fields.Count == 0)
            return false;
        if (path.Count == 1)
            return fields.Count > 1 ? fields.All(f => f.Nullable) : fields[0].Nullable;
        if (fields.Count == 1 && fields[0].JsonPath[1] == "id" && resource.Embeds.FirstOrDefault(e => e.JsonKey == key) is { } embed)
            return path[1] != "id" && NullAllowed(EntityCatalog.Get(embed.Target), path.Skip(1).ToList());
        return fields.FirstOrDefault(f => f.JsonPath.Count > 1 && f.JsonPath[1] == path[1])?.Nullable ?? false;
    }
}
