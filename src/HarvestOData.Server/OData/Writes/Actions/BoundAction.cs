using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.OData.Writes.Actions;

/// <summary>
/// One of the catalog's <see cref="global::HarvestOData.Harvest.Catalog.HarvestAction"/>s served as an OData bound action on an entity
/// (<c>TimeEntries(5)/HarvestOData.Stop</c>): either a call of its own (<c>PATCH time_entries/{id}/stop</c>), or a state
/// change of an invoice or estimate, which Harvest takes as a message with an <c>event_type</c>
/// (<c>POST invoices/{id}/messages</c>).
/// </summary>
public sealed record BoundAction(ResourceDefinition Resource, HarvestAction Verb)
{
    /// <summary>The OData name: the PascalCase of the catalog name (<c>mark_as_draft</c> → <c>MarkAsDraft</c>).</summary>
    public string Name { get; } = Naming.Pascal(Verb.Name);

    public string? EventType => Verb.EventType;

    /// <summary>The message resource a state change is posted to (<c>invoice_messages</c>); null for plain actions.</summary>
    public ResourceDefinition? MessageResource => EventType is null
        ? null
        : EntityCatalog.ListedPer(Resource).Single(r => r.FindField("event_type") is not null);

    /// <summary>The actions of every resource, in catalog order.</summary>
    public static IReadOnlyList<BoundAction> All { get; } =
        EntityCatalog.All.SelectMany(r => r.Actions.Select(a => new BoundAction(r, a))).ToArray();

    public static IEnumerable<BoundAction> Of(ResourceDefinition resource) => All.Where(a => a.Resource == resource);

    public override string ToString() => $"{Resource.EntitySet}/{Name}";
}
