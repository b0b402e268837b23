using HarvestOData.Server.OData.Model;

namespace HarvestOData.Server.OData.Routing;

public enum PathKind
{
    ServiceDocument,
    Metadata,
    Collection,
    Entity,
    Property,
    PropertyValue,
    Count,
}

/// <summary>
/// What a resource path addresses: a set narrowed by keys and navigations (<c>Projects(1)/TimeEntries</c>) expressed as
/// a WHERE over the target's alias, plus the entities along the way that must exist (else 404).
/// </summary>
public sealed class PathTarget(PathKind kind)
{
    public PathKind Kind { get; init; } = kind;

    public EntitySetMap Set { get; init; } = null!;

    /// <summary>Extra WHERE over the target alias; null for a plain entity set.</summary>
    public Func<string, string>? Restriction { get; init; }

    /// <summary>Earlier single entities of the path (<c>Projects(1)</c>), checked to answer 404 rather than an empty feed.</summary>
    public IReadOnlyList<(EntitySetMap Set, Func<string, string> Restriction)> MustExist { get; init; } = [];

    public ColumnMap? Property { get; init; }

    /// <summary>The path as the context URL names the owner of a property (<c>TimeEntries(5)</c>, <c>Company</c>).</summary>
    public string OwnerPath { get; init; } = "";

    /// <summary>True when the path addresses one entity (a key, a singleton, a single navigation).</summary>
    public bool IsSingle { get; init; }

    /// <summary>True for <c>…/$ref</c>: the entities are answered as references (<c>@odata.id</c>) only.</summary>
    public bool IsReference { get; init; }
}
