using HarvestOData.Harvest.Catalog;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Model;

/// <summary>An entity set (or the singleton) with its type, its mirror table and its columns.</summary>
public sealed class EntitySetMap
{
    private readonly Dictionary<string, NavigationMap> _navigations = new(StringComparer.Ordinal);

    internal EntitySetMap(ResourceDefinition resource, EdmEntityType type, IReadOnlyList<ColumnMap> columns)
    {
        Resource = resource;
        Type = type;
        Columns = columns;
        Key = columns.Single(c => c.Field.IsKey);
        UpdatedAt = columns.FirstOrDefault(c => c.Column == "updated_at" && c.Type == FieldType.Timestamp);
        SearchColumns = columns.Where(c => c.IsSearchable).ToArray();
    }

    public ResourceDefinition Resource { get; }

    public EdmEntityType Type { get; }

    /// <summary>The entity set or singleton; set once the container is built.</summary>
    public IEdmNavigationSource NavigationSource { get; internal set; } = null!;

    public string Name => Resource.EntitySet;

    public string Table => Resource.Name;

    public bool IsSingleton => Resource.Kind == ResourceKind.Singleton;

    public IReadOnlyList<ColumnMap> Columns { get; }

    public ColumnMap Key { get; }

    /// <summary>Source of <c>@odata.etag</c>; null for resources without timestamps (line items, the company).</summary>
    public ColumnMap? UpdatedAt { get; }

    public IReadOnlyList<ColumnMap> SearchColumns { get; }

    public IEnumerable<NavigationMap> Navigations => _navigations.Values;

    public NavigationMap? FindNavigation(string name) => _navigations.GetValueOrDefault(name);

    internal void Add(NavigationMap navigation) => _navigations.Add(navigation.Name, navigation);

    public override string ToString() => Name;
}
