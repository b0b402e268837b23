using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.OData.Writes.Actions;

/// <summary>
/// One of Harvest's extra verbs served as an OData bound action on an entity (<c>TimeEntries(5)/HarvestOData.Stop</c>).
/// Either a catalog <see cref="HarvestAction"/> (<c>PATCH time_entries/{id}/stop</c>), or a state change of an invoice or
/// estimate, which Harvest takes as a message with an <c>event_type</c> (<c>POST invoices/{id}/messages</c>).
/// </summary>
public sealed record BoundAction(string Name, ResourceDefinition Resource, string? HarvestAction, string? EventType)
{
    /// <summary>The message resource a state change is posted to (<c>invoice_messages</c>); null for plain actions.</summary>
    public ResourceDefinition? MessageResource => EventType is null
        ? null
        : EntityCatalog.ListedPer(Resource).Single(r => r.FindField("event_type") is not null);

    /// <summary>The actions of every resource: the catalog's own verbs plus the invoice and estimate events (harvest-api.md §7).</summary>
    public static IReadOnlyList<BoundAction> All { get; } = Build();

    public static IEnumerable<BoundAction> Of(ResourceDefinition resource) => All.Where(a => a.Resource == resource);

    private static BoundAction[] Build()
    {
        var actions = EntityCatalog.All
            .SelectMany(r => r.Actions.Select(a => new BoundAction(Naming.Pascal(a.Name), r, a.Name, null)))
            .ToList();
        var invoices = EntityCatalog.Get("invoices");
        var estimates = EntityCatalog.Get("estimates");
        actions.AddRange(
        [
            new("Send", invoices, null, "send"),
            new("Close", invoices, null, "close"),
            new("Reopen", invoices, null, "re-open"),
            new("MarkAsDraft", invoices, null, "draft"),
            new("Send", estimates, null, "send"),
            new("Accept", estimates, null, "accept"),
            new("Decline", estimates, null, "decline"),
            new("Reopen", estimates, null, "re-open"),
        ]);
        return actions.ToArray();
    }

    public override string ToString() => $"{Resource.EntitySet}/{Name}";
}
