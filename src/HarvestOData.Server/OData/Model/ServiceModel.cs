using HarvestOData.Harvest.Catalog;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Model;

/// <summary>
/// The EDM model of the service and the way back from every EDM element to the mirror: sets to tables, properties
/// to columns, navigation properties to joins. Built once from the <see cref="EntityCatalog"/>.
/// </summary>
public sealed class ServiceModel
{
    public const string Namespace = "HarvestOData";
    public const string ContainerName = "Harvest";

    private readonly Dictionary<string, EntitySetMap> _bySet;
    private readonly Dictionary<IEdmType, EntitySetMap> _byType;
    private readonly Dictionary<IEdmProperty, ColumnMap> _columns;
    private readonly Dictionary<IEdmNavigationProperty, NavigationMap> _navigations;

    internal ServiceModel(IEdmModel edm, IReadOnlyList<EntitySetMap> sets, IReadOnlyList<Reports.ReportFunction> reports)
    {
        Edm = edm;
        Sets = sets;
        Reports = reports;
        _bySet = sets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _byType = sets.ToDictionary(s => (IEdmType)s.Type);
        _columns = sets.SelectMany(s => s.Columns).ToDictionary(c => (IEdmProperty)c.Property);
        _navigations = sets.SelectMany(s => s.Navigations).ToDictionary(n => n.Property);
    }

    public IEdmModel Edm { get; }

    public IReadOnlyList<EntitySetMap> Sets { get; }

    /// <summary>Harvest's reports, each an unbound function with an import (OData/Reports).</summary>
    public IReadOnlyList<Reports.ReportFunction> Reports { get; }

    public Reports.ReportFunction? FindReport(IEdmOperation function) => Reports.FirstOrDefault(r => r.Function == function);

    public static ServiceModel Default { get; } = ServiceModelBuilder.Build(EntityCatalog.All);

    public EntitySetMap? FindSet(string name) => _bySet.GetValueOrDefault(name);

    public EntitySetMap Set(string name) => _bySet[name];

    public EntitySetMap ForResource(ResourceDefinition resource) => _bySet[resource.EntitySet];

    public EntitySetMap ForType(IEdmType type) =>
        _byType.TryGetValue(type, out var set) ? set : throw new KeyNotFoundException($"No entity set of type {type}.");

    public ColumnMap? FindColumn(IEdmProperty property) => _columns.GetValueOrDefault(property);

    public ColumnMap Column(IEdmProperty property) =>
        _columns.TryGetValue(property, out var column) ? column : throw new KeyNotFoundException($"No column behind {property.Name}.");

    public NavigationMap Navigation(IEdmNavigationProperty property) =>
        _navigations.TryGetValue(property, out var navigation) ? navigation : throw new KeyNotFoundException($"No join behind {property.Name}.");
}
