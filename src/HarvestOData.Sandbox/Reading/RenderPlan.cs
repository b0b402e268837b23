using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Reading;

/// <summary>
/// How one resource's row becomes Harvest's JSON object, derived once from the catalog: plain fields, nested
/// references (<c>{"id", …embedded keys}</c>), flattened value objects put back together (<c>receipt</c>),
/// embedded arrays (<c>line_items</c>) and link arrays (<c>user_ids</c>).
/// </summary>
internal sealed class RenderPlan
{
    private static readonly Dictionary<string, RenderPlan> Plans =
        EntityCatalog.All.ToDictionary(r => r.Name, r => new RenderPlan(r), StringComparer.Ordinal);

    private RenderPlan(ResourceDefinition resource)
    {
        var nodes = new List<RenderNode>();
        // The company's id is the account id, not part of Harvest's JSON (the catalog still spells its path "id").
        var groups = resource.Fields.Where(f => f.JsonPath.Count > 0 && !(resource.Kind == ResourceKind.Singleton && f.IsKey))
            .GroupBy(f => f.JsonPath[0]);
        foreach (var group in groups)
        {
            var fields = group.ToList();
            var first = fields[0];
            if (!first.IsNested)
                nodes.Add(new ScalarNode(group.Key, first.Column));
            else if (fields.Count == 1 && first.JsonPath[1] == "id" && first.Type == FieldType.Id)
                nodes.Add(new ReferenceNode(group.Key, first.Column, resource.Embeds.FirstOrDefault(e => e.JsonKey == group.Key)));
            else
                nodes.Add(new ValueObjectNode(group.Key, fields.Select(f => (f.JsonPath[1], f.Column)).ToArray()));
        }
        foreach (var child in EntityCatalog.EmbeddedIn(resource))
            nodes.Add(new EmbeddedNode(child.JsonKey!, child.Name));
        foreach (var link in resource.Links)
            nodes.Add(new LinkNode(link.JsonKey));
        Nodes = nodes;
    }

    public IReadOnlyList<RenderNode> Nodes { get; }

    public static RenderPlan For(ResourceDefinition resource) => Plans[resource.Name];
}

internal abstract record RenderNode(string Key);

internal sealed record ScalarNode(string Key, string Column) : RenderNode(Key);

/// <param name="Embed">Keys copied from the target row; null when Harvest sends only the id (<c>retainer</c>).</param>
internal sealed record ReferenceNode(string Key, string Column, ReferenceEmbed? Embed) : RenderNode(Key);

internal sealed record ValueObjectNode(string Key, IReadOnlyList<(string Part, string Column)> Parts) : RenderNode(Key);

internal sealed record EmbeddedNode(string Key, string Resource) : RenderNode(Key);

internal sealed record LinkNode(string Key) : RenderNode(Key);
