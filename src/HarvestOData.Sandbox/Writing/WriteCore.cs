using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// The one write path for every resource (API calls and test helpers alike), run under the store's write lock:
/// permission, required fields, types, defaults, resource rules, references, then the save. Anything refused is
/// refused before a single value is written.
/// </summary>
internal sealed class WriteCore(SandboxStore store, RulesRegistry rules)
{
    public int Create(Table table, WriteInput input, IReadOnlyDictionary<string, long> pathValues, CallerScope scope)
    {
        var caller = scope.Caller;
        if (!caller.IsSystem && !WritePolicy.MayWrite(caller, table.Name, WriteKind.Create))
            throw SandboxProblem.Forbidden();
        foreach (var (column, id) in pathValues)
        {
            var target = store[table.Resource.Field(column).References!];
            if (!RowVisibility.CanSee(store, target, target.Find(id), scope))
                throw SandboxProblem.NotFound(target.Resource.EntityType);
            input.Values[column] = id;
        }
        foreach (var field in table.Resource.Fields.Where(f => f.IsRequiredOnCreate))
        {
            if (input.Values.GetValueOrDefault(field.Column) is null)
                throw SandboxProblem.Invalid($"{Labels.Of(field.Column)} can't be blank");
        }
        if (!caller.IsSystem && !WritePolicy.Allows(store, scope, table.Name, WriteKind.Create, c => Sent(input, c, caller)))
            throw SandboxProblem.Forbidden();
        var values = RowValues.Empty(table);
        foreach (var (column, value) in input.Values)
            values[column] = value;
        var context = new WriteContext { Store = store, Table = table, Scope = scope, Input = input, Values = values, Now = store.Now };
        rules.For(table.Name).BeforeSave(context);
        Complete(table, values);
        CheckReferences(context);
        var items = ItemsPlan.Build(store, table, null, input);
        CheckLinks(input);
        int row = table.Append(table.NextId);
        values.Remove("id");
        Stamp(table, values, context.Now, created: true);
        return Save(context, row, items);
    }

    public int Update(Table table, long id, WriteInput input, IReadOnlyDictionary<string, long> pathValues, CallerScope scope)
    {
        var caller = scope.Caller;
        int row = Locate(table, id, pathValues);
        if (!caller.IsSystem && (!WritePolicy.MayWrite(caller, table.Name, WriteKind.Update) || !Allows(scope, table, row, WriteKind.Update)))
            throw SandboxProblem.Forbidden();
        foreach (var column in input.Values.Keys.ToList())
        {
            // Harvest ignores what may not change; the test helpers (system caller) may set anything.
            if (!caller.IsSystem && !table.Resource.Field(column).IsUpdatable)
                input.Values.Remove(column);
        }
        var before = RowValues.Read(table, row);
        var values = new Dictionary<string, object?>(before, StringComparer.Ordinal);
        foreach (var (column, value) in input.Values)
            values[column] = value;
        var context = new WriteContext { Store = store, Table = table, Scope = scope, Input = input, Values = values, Before = before, Now = store.Now };
        rules.For(table.Name).BeforeSave(context);
        CheckNotBlank(table, values);
        CheckReferences(context);
        if (!caller.IsSystem && !WritePolicy.Allows(store, scope, table.Name, WriteKind.Update, c => values.GetValueOrDefault(c) as long?))
            throw SandboxProblem.Forbidden();
        var items = ItemsPlan.Build(store, table, table.Ids[row], input);
        CheckLinks(input);
        Stamp(table, values, context.Now, created: false);
        return Save(context, row, items);
    }

    /// <summary>The live row addressed by a path (<c>{id}</c> plus any parent ids it must match); the company has one row.</summary>
    public static int Locate(Table table, long? id, IReadOnlyDictionary<string, long> pathValues)
    {
        if (table.Resource.Kind == ResourceKind.Singleton)
            return 0;
        int row = id is { } found ? table.Find(found) : -1;
        foreach (var (column, value) in pathValues)
        {
            if (column != "id" && row >= 0 && table.Column<LongColumn>(column).Nullable(row) != value)
                row = -1;
        }
        return row >= 0 ? row : throw SandboxProblem.NotFound(table.Resource.EntityType);
    }

    /// <summary>Whether the caller may write the saved row as it stands.</summary>
    public bool Allows(CallerScope scope, Table table, int row, WriteKind kind) =>
        WritePolicy.Allows(store, scope, table.Name, kind, c => table.FindColumn(c) is LongColumn ids ? ids.Nullable(row) : null);

    private int Save(WriteContext context, int row, ItemsPlan items)
    {
        var table = context.Table;
        RowValues.Write(table, row, context.Values);
        context.Row = row;
        foreach (var (key, targets) in context.Input.Links)
            table.SetLinks(key, table.Ids[row], targets);
        items.Apply(store, table.Ids[row]);
        rules.For(table.Name).AfterSave(context);
        return row;
    }

    /// <summary>A time entry or expense without user_id is the caller's own.</summary>
    private static long? Sent(WriteInput input, string column, Caller caller) =>
        input.Values.GetValueOrDefault(column) as long? ?? (column == "user_id" ? caller.UserId : null);

    /// <summary>Harvest's defaults for what nobody set: active, flags off, zero amounts.</summary>
    private static void Complete(Table table, Dictionary<string, object?> values)
    {
        foreach (var field in table.Resource.Fields.Where(f => !f.Nullable && values[f.Column] is null && !f.IsKey))
        {
            values[field.Column] = field.Type switch
            {
                FieldType.Boolean => field.Column == "is_active",
                FieldType.Decimal => 0m,
                FieldType.String => "",
                _ => values[field.Column],
            };
        }
        CheckNotBlank(table, values);
    }

    private static void CheckNotBlank(Table table, Dictionary<string, object?> values)
    {
        foreach (var field in table.Resource.Fields.Where(f => !f.Nullable && f.JsonPath.Count > 0 && !f.IsKey && f.Type != FieldType.Timestamp))
        {
            if (values[field.Column] is null)
                throw SandboxProblem.Invalid($"{Labels.Of(field.Column)} can't be blank");
        }
    }

    private void CheckReferences(WriteContext context)
    {
        foreach (var field in context.Table.Resource.Fields.Where(f => f.References is not null && !f.IsKey))
        {
            if (context.Values[field.Column] is long id && context.Changed(field.Column) && store[field.References!].Find(id) < 0)
                throw SandboxProblem.Invalid($"{Labels.Of(field.Column)} does not exist");
        }
    }

    private void CheckLinks(WriteInput input)
    {
        foreach (var (key, targets) in input.Links)
        {
            var link = EntityCatalog.All.SelectMany(r => r.Links).First(l => l.JsonKey == key);
            foreach (long id in targets)
            {
                if (store[link.Target].Find(id) < 0)
                    throw SandboxProblem.Invalid($"{Labels.Of(link.TargetColumn)} {id} does not exist");
            }
        }
    }

    private static void Stamp(Table table, Dictionary<string, object?> values, DateTimeOffset now, bool created)
    {
        if (created && table.FindColumn("created_at") is not null)
            values["created_at"] = now;
        if (table.FindColumn("updated_at") is not null)
            values["updated_at"] = now;
    }
}
