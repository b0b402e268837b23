using HarvestOData.Harvest.Catalog;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Model;

public enum NavigationKind
{
    /// <summary>The source holds the foreign key (<c>time_entries.project_id</c> → <c>Project</c>).</summary>
    ToOne,
    /// <summary>The target holds the foreign key (<c>Project.TimeEntries</c>).</summary>
    ToMany,
    /// <summary>Through a link table (<c>role_users</c>).</summary>
    ManyToMany,
}

/// <summary>A navigation property and the SQL join behind it.</summary>
public sealed class NavigationMap(IEdmNavigationProperty property, EntitySetMap source, EntitySetMap target, NavigationKind kind, string? foreignKey, LinkDefinition? link, bool fromOwner)
{
    public IEdmNavigationProperty Property { get; } = property;

    public string Name => Property.Name;

    public EntitySetMap Source { get; } = source;

    public EntitySetMap Target { get; } = target;

    public NavigationKind Kind { get; } = kind;

    /// <summary>The foreign-key column: on <see cref="Source"/> for <see cref="NavigationKind.ToOne"/>, on <see cref="Target"/> for <see cref="NavigationKind.ToMany"/>.</summary>
    public string? ForeignKey { get; } = foreignKey;

    public LinkDefinition? Link { get; } = link;

    /// <summary>For links: whether <see cref="Source"/> is the link's owner (<c>Role.Users</c>) or its target (<c>User.LinkedRoles</c>).</summary>
    public bool FromOwner { get; } = fromOwner;

    public bool IsCollection => Kind != NavigationKind.ToOne;

    /// <summary>The source column whose value identifies the related rows (the FK for to-one, the key otherwise).</summary>
    public string SourceColumn => Kind == NavigationKind.ToOne ? ForeignKey! : "id";

    /// <summary>
    /// SQL restricting <paramref name="targetAlias"/> to the rows related to a source row whose
    /// <see cref="SourceColumn"/> value is <paramref name="sourceValueSql"/>.
    /// </summary>
    public string JoinPredicate(string targetAlias, string sourceValueSql)
    {
        switch (Kind)
        {
            case NavigationKind.ToOne:
                return $"{targetAlias}.\"id\" = {sourceValueSql}";
            case NavigationKind.ToMany:
                return $"{targetAlias}.\"{ForeignKey}\" = {sourceValueSql}";
            default:
                var (mine, theirs) = FromOwner ? (Link!.OwnerColumn, Link.TargetColumn) : (Link!.TargetColumn, Link.OwnerColumn);
                return $"{targetAlias}.\"id\" IN (SELECT \"{theirs}\" FROM \"{Link.Table}\" WHERE \"{mine}\" = {sourceValueSql})";
        }
    }

    /// <summary>
    /// SQL restricting <paramref name="targetAlias"/> to the rows related to any source row whose
    /// <see cref="SourceColumn"/> value <paramref name="sourceSubquery"/> selects.
    /// </summary>
    public string JoinPredicateIn(string targetAlias, string sourceSubquery)
    {
        switch (Kind)
        {
            case NavigationKind.ToOne:
                return $"{targetAlias}.\"id\" IN ({sourceSubquery})";
            case NavigationKind.ToMany:
                return $"{targetAlias}.\"{ForeignKey}\" IN ({sourceSubquery})";
            default:
                var (mine, theirs) = FromOwner ? (Link!.OwnerColumn, Link.TargetColumn) : (Link!.TargetColumn, Link.OwnerColumn);
                return $"{targetAlias}.\"id\" IN (SELECT \"{theirs}\" FROM \"{Link.Table}\" WHERE \"{mine}\" IN ({sourceSubquery}))";
        }
    }

    public override string ToString() => $"{Source.Name}.{Name}";
}
