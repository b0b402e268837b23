using HarvestOData.Harvest.Catalog;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Model;

/// <summary>Builds the EDM model (docs/architecture.md#the-entity-catalog) from catalog resources.</summary>
public static class ServiceModelBuilder
{
    public static ServiceModel Build(IEnumerable<ResourceDefinition> resources)
    {
        var model = new EdmModel();
        var container = new EdmEntityContainer(ServiceModel.Namespace, ServiceModel.ContainerName);
        model.AddElement(container);

        var sets = new List<EntitySetMap>();
        foreach (var resource in resources)
        {
            var type = new EdmEntityType(ServiceModel.Namespace, resource.EntityType);
            var columns = new List<ColumnMap>();
            foreach (var field in resource.Fields)
            {
                var property = type.AddStructuralProperty(Naming.Pascal(field.Column), ColumnMap.EdmTypeOf(field, resource));
                if (field.IsKey)
                    type.AddKeys(property);
                columns.Add(new ColumnMap(field, property));
            }
            model.AddElement(type);
            sets.Add(new EntitySetMap(resource, type, columns));
        }

        var byResource = sets.ToDictionary(s => s.Resource.Name, StringComparer.Ordinal);
        var taken = sets.ToDictionary(s => s, s => new HashSet<string>(s.Columns.Select(c => c.Name), StringComparer.Ordinal));
        var pending = new List<(EntitySetMap Source, EntitySetMap Target, IEdmNavigationProperty Property)>();

        foreach (var source in sets)
        {
            foreach (var field in source.Resource.Fields)
            {
                if (field.References is null || field.IsKey || !byResource.TryGetValue(field.References, out var target) || target.IsSingleton || source.IsSingleton)
                    continue;
                AddForeignKey(source, field, target, taken, pending);
            }
            foreach (var link in source.Resource.Links)
            {
                if (byResource.TryGetValue(link.Target, out var target))
                    AddLink(source, link, target, taken, pending);
            }
        }

        foreach (var set in sets)
        {
            set.NavigationSource = set.IsSingleton
                ? container.AddSingleton(set.Name, set.Type)
                : container.AddEntitySet(set.Name, set.Type);
        }
        foreach (var (source, target, property) in pending)
            ((EdmNavigationSource)source.NavigationSource).AddNavigationTarget(property, target.NavigationSource);

        // Harvest's extra verbs (timer stop/restart, invoice and estimate events) as bound actions: OData/Writes/Actions.
        Writes.Actions.ActionDeclarations.Declare(model, resource => byResource.GetValueOrDefault(resource.Name)?.Type);
        CapabilityAnnotations.Annotate(model, container, sets);
        // Harvest's reports as functions computed from the mirror: OData/Reports.
        var reports = Reports.ReportDeclarations.Declare(model, container);
        return new ServiceModel(model, sets, reports);
    }

    private static void AddForeignKey(EntitySetMap source, HarvestField field, EntitySetMap target, Dictionary<EntitySetMap, HashSet<string>> taken,
        List<(EntitySetMap, EntitySetMap, IEdmNavigationProperty)> pending)
    {
        string name = NavigationNaming.ToOne(field);
        string partnerName = NavigationNaming.Partner(source.Resource, field, target.Resource, taken[target]);
        var dependent = source.Columns.Single(c => c.Field == field).Property;
        var one = new EdmNavigationPropertyInfo
        {
            Name = name,
            Target = target.Type,
            // EdmLib insists on '1' for non-nullable keys; an expanded target the caller may not see still comes back null
            // (ODataMessageReader accepts that), as does a target not mirrored yet.
            TargetMultiplicity = dependent.Type.IsNullable ? EdmMultiplicity.ZeroOrOne : EdmMultiplicity.One,
            DependentProperties = [dependent],
            PrincipalProperties = [target.Key.Property],
        };
        var many = new EdmNavigationPropertyInfo { Name = partnerName, Target = source.Type, TargetMultiplicity = EdmMultiplicity.Many };
        var property = source.Type.AddBidirectionalNavigation(one, many);
        taken[source].Add(name);
        taken[target].Add(partnerName);
        source.Add(new NavigationMap(property, source, target, NavigationKind.ToOne, field.Column, null, false));
        target.Add(new NavigationMap(property.Partner, target, source, NavigationKind.ToMany, field.Column, null, false));
        pending.Add((source, target, property));
        pending.Add((target, source, property.Partner));
    }

    private static void AddLink(EntitySetMap owner, LinkDefinition link, EntitySetMap target, Dictionary<EntitySetMap, HashSet<string>> taken,
        List<(EntitySetMap, EntitySetMap, IEdmNavigationProperty)> pending)
    {
        string name = NavigationNaming.Link(target.Resource, taken[owner]);
        string partnerName = NavigationNaming.Link(owner.Resource, taken[target]);
        var forward = new EdmNavigationPropertyInfo { Name = name, Target = target.Type, TargetMultiplicity = EdmMultiplicity.Many };
        var backward = new EdmNavigationPropertyInfo { Name = partnerName, Target = owner.Type, TargetMultiplicity = EdmMultiplicity.Many };
        var property = owner.Type.AddBidirectionalNavigation(forward, backward);
        taken[owner].Add(name);
        taken[target].Add(partnerName);
        owner.Add(new NavigationMap(property, owner, target, NavigationKind.ManyToMany, null, link, true));
        target.Add(new NavigationMap(property.Partner, target, owner, NavigationKind.ManyToMany, null, link, false));
        pending.Add((owner, target, property));
        pending.Add((target, owner, property.Partner));
    }
}
