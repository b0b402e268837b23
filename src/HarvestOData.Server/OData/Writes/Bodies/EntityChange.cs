using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Model;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// A body checked against the catalog: the fields to send (by catalog field, typed as <see cref="HarvestRecord"/> types
/// them), link arrays (<c>user_ids</c>) and changes to embedded items (invoice line items), ready to become Harvest's body.
/// </summary>
public sealed class EntityChange(EntitySetMap set)
{
    public EntitySetMap Set { get; } = set;

    public ResourceDefinition Resource => Set.Resource;

    /// <summary>Fields in the order the body gave them; values are long, decimal, bool, string, DateOnly, DateTimeOffset or null.</summary>
    public Dictionary<HarvestField, object?> Values { get; } = [];

    public Dictionary<LinkDefinition, List<long>> Links { get; } = [];

    /// <summary>The embedded resource <see cref="Items"/> belong to (<c>invoice_line_items</c>), when the body touched them.</summary>
    public ResourceDefinition? ItemResource { get; set; }

    public List<ItemChange> Items { get; } = [];

    /// <summary>A plain nested array in a PATCH replaces the set: existing items it does not mention are removed.</summary>
    public bool ReplacesItems { get; set; }

    public bool IsEmpty => Values.Count == 0 && Links.Count == 0 && ItemResource is null;

    public object? this[string column] => Values.FirstOrDefault(v => v.Key.Column == column).Value;

    public bool Has(string column) => Values.Keys.Any(f => f.Column == column);
}

/// <summary>One embedded item: new (no id), changed (id and values) or removed (id, <see cref="Remove"/>).</summary>
public sealed record ItemChange(long? Id, bool Remove, Dictionary<HarvestField, object?> Values);
