using System.Text.Json;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Model;
using Microsoft.OData;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// Checks a body read by ODataLib against the catalog's write modes (docs/architecture.md#writing): read-only fields, fields that are
/// set once at creation, required fields on create, which navigations may be written and how. Every refusal is a 400
/// naming the property, raised before anything is sent to Harvest.
/// </summary>
public static class ChangeBuilder
{
    /// <param name="key">The key from the URL on update; null on create.</param>
    public static EntityChange Build(BodyNode root, EntitySetMap set, long? key)
    {
        bool create = key is null && !set.IsSingleton;
        var change = new EntityChange(set);
        ReadProperties(root.Resource!, set, create, key, change.Values);
        foreach (var nested in root.Nested)
        {
            var navigation = set.FindNavigation(nested.Name)
                ?? throw WriteException.BadBody($"'{nested.Name}' is not a navigation property of {set.Type.Name}.", nested.Name);
            if (navigation.Kind == NavigationKind.ToOne && nested.References.Count == 1 && nested.Items.Count == 0)
                Bind(change, navigation, EntityReference.KeyOf(nested.References[0], navigation.Target, nested.Name + "@odata.bind"), create, key);
            else if (navigation.Kind == NavigationKind.ManyToMany && navigation.FromOwner && nested.Items.Count == 0 && nested.Removed.Count == 0)
                change.Links[navigation.Link!] = nested.References.Select(r => EntityReference.KeyOf(r, navigation.Target, nested.Name + "@odata.bind")).Distinct().ToList();
            else if (IsEmbeddedItems(set, navigation))
                ItemBuilder.Read(change, navigation, nested, create);
            else
                throw WriteException.BadBody(
                    $"'{nested.Name}' cannot be written through {set.Name}: bind a single entity (\"{nested.Name}@odata.bind\": \"{navigation.Target.Name}(42)\") "
                    + "or set the foreign key property; nested entities are accepted only for line items.", nested.Name);
        }
        if (create)
            RequireOnCreate(set.Resource, change.Values, set.Type.Name);
        return change;
    }

    /// <summary>The properties of one entity into <paramref name="values"/>, each checked against its field's write mode.</summary>
    public static void ReadProperties(ODataResourceBase resource, EntitySetMap set, bool create, long? key, Dictionary<HarvestField, object?> values)
    {
        foreach (var property in resource.Properties)
        {
            var column = set.Columns.FirstOrDefault(c => c.Name == property.Name)
                ?? throw WriteException.BadBody($"The property '{property.Name}' does not exist on {set.Type.Name}.", property.Name);
            object? value = Clr(column.Field, EdmValues.ValueOf(property), property.Name);
            if (Admit(set.Resource, column.Field, create, key, value, property.Name))
                values[column.Field] = value;
        }
    }

    /// <summary>Whether the value goes into the change; throws when the field may not be written this way.</summary>
    public static bool Admit(ResourceDefinition resource, HarvestField field, bool create, long? key, object? value, string name)
    {
        if (field.IsKey)
        {
            if (create || resource.Kind == ResourceKind.Singleton)
                throw WriteException.BadBody($"'{name}' is assigned by Harvest; leave it out of the body.", name);
            if (value is long id && id == key)
                return false; // Restating the key of the URL changes nothing.
            throw WriteException.BadBody($"'{name}' cannot change (the URL addresses {key}).", name);
        }
        if (field.Column == resource.ParentColumn)
        {
            if (create)
                return true;
            throw WriteException.BadBody($"'{name}' cannot change after creation.", name);
        }
        if (!field.IsWritable)
            throw WriteException.BadBody($"'{name}' is read-only: Harvest does not take it in writes.", name);
        if (!create && !field.IsUpdatable)
            throw WriteException.BadBody($"'{name}' can only be set when the {resource.EntityType} is created.", name);
        return true;
    }

    public static void RequireOnCreate(ResourceDefinition resource, Dictionary<HarvestField, object?> values, string typeName)
    {
        foreach (var field in resource.Fields.Where(f => f.IsRequiredOnCreate || f.Column == resource.ParentColumn))
        {
            if (values.GetValueOrDefault(field) is null)
                throw WriteException.BadBody($"'{field.ODataName}' is required to create a {typeName}.", field.ODataName);
        }
    }

    private static bool IsEmbeddedItems(EntitySetMap set, NavigationMap navigation) =>
        navigation.Kind == NavigationKind.ToMany && navigation.Target.Resource.Kind == ResourceKind.Embedded
        && navigation.Target.Resource.Parent == set.Resource.Name;

    private static void Bind(EntityChange change, NavigationMap navigation, long target, bool create, long? key)
    {
        var field = change.Resource.Field(navigation.ForeignKey!);
        string name = navigation.Name + "@odata.bind";
        if (change.Values.TryGetValue(field, out object? given) && given is long other && other != target)
            throw WriteException.BadBody($"'{name}' and '{field.ODataName}' disagree ({target} vs {other}).", name);
        if (Admit(change.Resource, field, create, key, target, name))
            change.Values[field] = target;
    }

    /// <summary>ODataLib's value as the catalog types it (<see cref="HarvestRecord"/>); JSON text fields must hold JSON.</summary>
    public static object? Clr(HarvestField field, object? value, string name) => EdmValues.Normalize(value) switch
    {
        null => null,
        ODataUntypedValue => throw WriteException.BadBody($"'{name}' has a value of no known type.", name),
        DateTimeOffset instant => instant.ToUniversalTime(),
        int i => (long)i,
        string text when field.Type == FieldType.Json => ValidJson(text, name),
        _ => value,
    };

    private static string ValidJson(string text, string name)
    {
        try
        {
            return JsonNode.Parse(text)?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            throw WriteException.BadBody($"'{name}' must hold JSON text (e.g. [{{\"name\":\"A\",\"email\":\"a@example.com\"}}]).", name);
        }
    }
}
