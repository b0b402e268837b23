using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Model;
using Microsoft.OData;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// Line items written through their invoice or estimate (Harvest edits them only in the parent's body): a nested array
/// on POST adds items; on PATCH a delta array (<c>InvoiceLineItems@odata.delta</c>) adds (no <c>Id</c>), changes
/// (<c>Id</c> or <c>@odata.id</c>) and removes (<c>@odata.removed</c>) items, and a plain array replaces the set.
/// </summary>
public static class ItemBuilder
{
    public static void Read(EntityChange change, NavigationMap navigation, BodyNested nested, bool create)
    {
        var items = navigation.Target;
        if (change.ItemResource is not null)
            throw WriteException.BadBody($"'{nested.Name}' appears more than once.", nested.Name);
        change.ItemResource = items.Resource;
        if (nested.References.Count > 0)
            throw WriteException.BadBody($"Line items are written inline, not bound: send '{nested.Name}' as an array of objects.", nested.Name);
        if (create && (nested.IsDelta || nested.Removed.Count > 0))
            throw WriteException.BadBody($"A new {change.Set.Type.Name} has no items to change or remove; send '{nested.Name}' as a plain array.", nested.Name);
        change.ReplacesItems = !create && !nested.IsDelta;

        for (int i = 0; i < nested.Items.Count; i++)
        {
            var resource = nested.Items[i].Resource!;
            string where = $"{nested.Name}[{i}]";
            if (nested.Items[i].Nested.Count > 0)
                throw WriteException.BadBody($"{where} cannot nest further entities.", where);
            long? id = IdOf(resource, items, where);
            if (create && id is not null)
                throw WriteException.BadBody($"{where} has an Id, but a new {change.Set.Type.Name} has no items yet.", where + "/Id");
            var values = new Dictionary<HarvestField, object?>();
            foreach (var property in resource.Properties.Where(p => p.Name != "Id"))
            {
                var column = items.Columns.FirstOrDefault(c => c.Name == property.Name)
                    ?? throw WriteException.BadBody($"The property '{property.Name}' does not exist on {items.Type.Name}.", $"{where}/{property.Name}");
                if (column.Column == items.Resource.ParentColumn)
                    throw WriteException.BadBody($"'{property.Name}' of a line item is its {change.Set.Type.Name}; leave it out.", $"{where}/{property.Name}");
                object? value = ChangeBuilder.Clr(column.Field, EdmValues.ValueOf(property), property.Name);
                if (ChangeBuilder.Admit(items.Resource, column.Field, id is null, null, value, $"{where}/{property.Name}"))
                    values[column.Field] = value;
            }
            if (id is null)
                Require(items, values, where);
            change.Items.Add(new ItemChange(id, false, values));
        }
        foreach (var removed in nested.Removed)
        {
            long id = IdOf(removed, items, nested.Name + "@removed")
                ?? throw WriteException.BadBody($"A removed entry of '{nested.Name}' must name the item with @odata.id or Id.", nested.Name);
            change.Items.Add(new ItemChange(id, true, []));
        }
    }

    private static long? IdOf(ODataResourceBase resource, EntitySetMap items, string where)
    {
        if (resource.Properties.FirstOrDefault(p => p.Name == "Id") is { } idProperty && EdmValues.ValueOf(idProperty) is long id)
            return id;
        return resource.Id is { } reference ? EntityReference.KeyOf(reference, items, where + "/@odata.id") : null;
    }

    private static void Require(EntitySetMap items, Dictionary<HarvestField, object?> values, string where)
    {
        foreach (var field in items.Resource.Fields.Where(f => f.IsRequiredOnCreate))
        {
            if (values.GetValueOrDefault(field) is null)
                throw WriteException.BadBody($"'{field.ODataName}' is required for a new line item ({where}).", $"{where}/{field.ODataName}");
        }
    }
}
