using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// Deleting a row the way Harvest does: the catalog's cascades (a project takes its time entries, expenses and
/// assignments), embedded and per-parent children, and the resource's own extra cascades go with it; a row still
/// needed by a mandatory reference elsewhere (a client's projects) refuses the delete with a 422; optional
/// references to it (a time entry's invoice) are cleared, bumping those rows' updated_at. Checked before anything
/// is removed.
/// </summary>
internal sealed class DeletePlan(SandboxStore store, RulesRegistry rules)
{
    private readonly Dictionary<string, HashSet<int>> _rows = new(StringComparer.Ordinal);

    public void Run(Table table, int row, Caller caller)
    {
        Collect(table, row);
        foreach (var (name, rows) in _rows)
        {
            foreach (int planned in rows)
                rules.For(name).BeforeDelete(new DeleteCheck(store, store[name], planned, caller, IsPlanned));
        }
        var ids = _rows.ToDictionary(p => p.Key, p => p.Value.Select(r => store[p.Key].Ids[r]).ToHashSet(), StringComparer.Ordinal);
        var toClear = new List<(Table Table, string Column, int Row)>();
        foreach (var referencing in store.Tables)
        {
            var planned = _rows.GetValueOrDefault(referencing.Name);
            foreach (var field in referencing.Resource.Fields.Where(f => f.References is not null && ids.ContainsKey(f.References)))
            {
                var targets = ids[field.References!];
                var column = referencing.Column<LongColumn>(field.Column);
                foreach (int other in referencing.LiveRows())
                {
                    if (planned?.Contains(other) == true || column.Nullable(other) is not { } id || !targets.Contains(id))
                        continue;
                    if (!field.Nullable)
                        throw SandboxProblem.Invalid($"{table.Resource.EntityType} cannot be deleted: it still has {referencing.Name.Replace('_', ' ')}.");
                    toClear.Add((referencing, field.Column, other));
                }
            }
        }
        var now = store.Now;
        var removed = _rows.SelectMany(p => p.Value.Select(r => (Table: store[p.Key], Row: r)))
            .Select(x => (x.Table, Values: RowValues.Read(x.Table, x.Row), x.Row)).ToList();
        foreach (var (owner, _, removedRow) in removed)
            owner.Remove(removedRow);
        foreach (var (other, column, otherRow) in toClear)
            RowValues.Change(other, otherRow, column, null, now);
        foreach (var owner in store.Tables)
        {
            foreach (var link in owner.Resource.Links.Where(l => ids.ContainsKey(l.Target)))
            {
                foreach (var targets in owner.Links[link.JsonKey].Values)
                    targets.RemoveAll(ids[link.Target].Contains);
                owner.Touch();
            }
        }
        foreach (var (owner, values, _) in removed)
            rules.For(owner.Name).AfterDelete(store, values, now);
    }

    private bool IsPlanned(string resource, int row) => _rows.TryGetValue(resource, out var rows) && rows.Contains(row);

    private void Collect(Table table, int row)
    {
        if (!_rows.TryGetValue(table.Name, out var rows))
            _rows[table.Name] = rows = [];
        if (!rows.Add(row))
            return;
        long id = table.Ids[row];
        var dependents = table.Resource.CascadeDeletes.Concat(rules.For(table.Name).AlsoDeletes)
            .Concat(EntityCatalog.All.Where(r => r.Parent == table.Name).Select(r => (Resource: r.Name, Column: r.ParentColumn!)));
        foreach (var (resource, column) in dependents)
        {
            var dependent = store[resource];
            var values = dependent.Column<LongColumn>(column);
            foreach (int other in dependent.LiveRows().Where(r => values.Nullable(r) == id).ToList())
                Collect(dependent, other);
        }
    }
}
