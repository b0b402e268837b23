using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// Embedded items written through their parent (<c>line_items</c> of an invoice): checked completely before
/// anything is saved, then applied. No id = new item, id = change, id + <c>_destroy</c> = removal.
/// </summary>
internal sealed class ItemsPlan
{
    private readonly List<(Table Table, ItemInput Item, int Row)> _steps = [];

    private ItemsPlan()
    {
    }

    public static ItemsPlan Build(SandboxStore store, Table parent, long? parentId, WriteInput input)
    {
        var plan = new ItemsPlan();
        foreach (var (resource, items) in input.Items)
        {
            var table = store[resource];
            var existing = parentId is { } id ? table.ChildrenOf(id) : [];
            foreach (var item in items)
            {
                int row = -1;
                if (item.Id is { } itemId)
                {
                    row = existing.FirstOrDefault(r => table.Ids[r] == itemId, -1);
                    if (row < 0)
                        throw SandboxProblem.Invalid($"{table.Resource.EntityType} {itemId} does not belong to this {parent.Resource.EntityType.ToLowerInvariant()}.");
                }
                else if (!item.Destroy)
                {
                    foreach (var field in table.Resource.Fields.Where(f => f.IsRequiredOnCreate))
                    {
                        if (item.Values.GetValueOrDefault(field.Column) is null)
                            throw SandboxProblem.Invalid($"{Labels.Of(field.Column)} can't be blank");
                    }
                }
                foreach (var (column, value) in item.Values)
                {
                    if (value is long target && table.Resource.Field(column).References is { } referenced && store[referenced].Find(target) < 0)
                        throw SandboxProblem.Invalid($"{Labels.Of(column)} does not exist");
                }
                plan._steps.Add((table, item, row));
            }
        }
        return plan;
    }

    public void Apply(SandboxStore store, long parentId)
    {
        foreach (var (table, item, existingRow) in _steps)
        {
            if (item.Destroy)
            {
                if (existingRow >= 0)
                    table.Remove(existingRow);
                continue;
            }
            int row = existingRow;
            if (row < 0)
            {
                row = table.Append(table.NextId);
                table.Column(table.Resource.ParentColumn!).Set(row, parentId);
                foreach (var field in table.Resource.Fields.Where(f => !f.Nullable && f.Type == FieldType.Boolean))
                    table.Column(field.Column).Set(row, false);
            }
            foreach (var (column, value) in item.Values)
                table.Column(column).Set(row, value);
            table.Touch();
        }
    }
}
