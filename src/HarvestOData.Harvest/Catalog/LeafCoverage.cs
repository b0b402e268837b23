using System.Text.Json;

namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// Which JSON leaf paths of a resource's payload the catalog consumes; backs <see cref="RecordReader.UnconsumedPaths"/>,
/// the "nothing Harvest sends is lost" check. Paths use <c>.</c> between keys and <c>[]</c> for array elements.
/// </summary>
internal sealed class LeafCoverage
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);
    private readonly List<string> _subtrees = [];

    public static LeafCoverage For(ResourceDefinition resource)
    {
        var coverage = new LeafCoverage();
        coverage.Add(resource, "");
        return coverage;
    }

    private void Add(ResourceDefinition resource, string prefix)
    {
        foreach (var field in resource.Fields.Where(f => f.JsonPath.Count > 0))
        {
            string path = prefix + string.Join('.', field.JsonPath);
            switch (field.Type)
            {
                case FieldType.Json:
                    Covered(path);
                    _subtrees.Add(path);
                    break;
                case FieldType.StringList:
                    Covered(path + "[]");
                    break;
                default:
                    Covered(path);
                    break;
            }
        }
        foreach (var embed in resource.Embeds)
        {
            foreach (string key in embed.Keys)
                Covered(prefix + embed.JsonKey + "." + key);
        }
        foreach (var link in resource.Links)
            Covered(prefix + link.JsonKey + "[]");
        if (resource.Name == "users")
        {
            foreach (string key in UserPermissions.LegacyKeys)
                Covered(prefix + key);
        }
        foreach (var child in EntityCatalog.EmbeddedIn(resource))
        {
            Covered(prefix + child.JsonKey + "[]");
            Add(child, prefix + child.JsonKey + "[].");
        }
    }

    private void Covered(string path)
    {
        _exact.Add(path);
        // A null or empty object/array on the way to a consumed leaf is consumed too (invoice: null → invoice_id null).
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '.')
                _prefixes.Add(path[..i]);
            else if (path[i] == '[')
                _prefixes.Add(path[..i] + "[]");
        }
    }

    public void Collect(JsonElement element, string path, List<string> unconsumed)
    {
        if (_subtrees.Any(s => path == s || path.StartsWith(s + ".", StringComparison.Ordinal) || path.StartsWith(s + "[]", StringComparison.Ordinal)))
            return;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                bool empty = true;
                foreach (var property in element.EnumerateObject())
                {
                    empty = false;
                    Collect(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, unconsumed);
                }
                if (empty)
                    Leaf(path, container: true, unconsumed);
                break;
            case JsonValueKind.Array:
                string items = path + "[]";
                if (element.GetArrayLength() == 0)
                    Leaf(items, container: true, unconsumed);
                foreach (var item in element.EnumerateArray())
                    Collect(item, items, unconsumed);
                break;
            case JsonValueKind.Null:
                Leaf(path, container: true, unconsumed);
                break;
            default:
                Leaf(path, container: false, unconsumed);
                break;
        }
    }

    private void Leaf(string path, bool container, List<string> unconsumed)
    {
        bool consumed = _exact.Contains(path) || (container && _prefixes.Contains(path));
        if (!consumed && !unconsumed.Contains(path))
            unconsumed.Add(path);
    }
}
