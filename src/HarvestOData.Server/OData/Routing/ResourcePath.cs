using System.Globalization;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Routing;

/// <summary>Turns ODataLib's parsed path into a <see cref="PathTarget"/>; each step stays scoped to the caller.</summary>
public static class ResourcePath
{
    public static PathTarget Resolve(ODataPath path, SqlContext sql)
    {
        var segments = path.ToList();
        if (segments.Count == 0)
            return new PathTarget(PathKind.ServiceDocument);
        if (segments[0] is MetadataSegment)
            return new PathTarget(PathKind.Metadata);

        EntitySetMap? set = null;
        Func<string, string>? restriction = null;
        bool single = false;
        string owner = "";
        var mustExist = new List<(EntitySetMap, Func<string, string>)>();
        ColumnMap? property = null;
        var kind = PathKind.Collection;
        bool reference = false;

        foreach (var segment in segments)
        {
            if (property is not null && segment is not ValueSegment)
                throw new NotSupportedQueryException("Paths below a property are not supported.");
            switch (segment)
            {
                case EntitySetSegment s:
                    set = sql.Model.Set(s.EntitySet.Name);
                    owner = set.Name;
                    break;
                case SingletonSegment s:
                    set = sql.Model.Set(s.Singleton.Name);
                    owner = set.Name;
                    single = true;
                    kind = PathKind.Entity;
                    break;
                case KeySegment k when set is not null:
                    long key = KeyValue(k);
                    var previous = restriction;
                    string p = sql.Add(key);
                    restriction = a => (previous is null ? "" : previous(a) + " AND ") + $"{a}.\"id\" = {p}";
                    owner += "(" + key.ToString(CultureInfo.InvariantCulture) + ")";
                    single = true;
                    kind = PathKind.Entity;
                    break;
                case NavigationPropertySegment or NavigationPropertyLinkSegment when set is not null:
                    if (single)
                        mustExist.Add((set, restriction ?? (_ => "1")));
                    // ODataLib parses Nav/$ref as one link segment: the navigation, answered as references.
                    reference |= segment is NavigationPropertyLinkSegment;
                    var navigation = sql.Model.Navigation(segment is NavigationPropertyLinkSegment link ? link.NavigationProperty : ((NavigationPropertySegment)segment).NavigationProperty);
                    restriction = Through(navigation, set, restriction, sql);
                    set = navigation.Target;
                    owner += "/" + navigation.Name;
                    single = !navigation.IsCollection;
                    kind = single ? PathKind.Entity : PathKind.Collection;
                    break;
                case PropertySegment ps when set is not null && single:
                    property = sql.Model.FindColumn(ps.Property) ?? throw new BadQueryException($"Unknown property '{ps.Property.Name}'.");
                    kind = PathKind.Property;
                    break;
                case ValueSegment when kind == PathKind.Property:
                    kind = PathKind.PropertyValue;
                    break;
                case ReferenceSegment when set is not null && kind is PathKind.Collection or PathKind.Entity:
                    reference = true;
                    break;
                case CountSegment when kind == PathKind.Collection && set is not null:
                    kind = PathKind.Count;
                    break;
                case TypeSegment t when set is not null && (t.EdmType == set.Type || t.EdmType is Microsoft.OData.Edm.IEdmCollectionType { ElementType.Definition: var element } && element == set.Type):
                    break;
                default:
                    throw new NotSupportedQueryException($"The path segment '{segment.Identifier}' is not supported.");
            }
        }
        if (set is null)
            throw new NotSupportedQueryException("The path does not address an entity set.");
        return new PathTarget(kind)
        {
            Set = set,
            Restriction = restriction,
            MustExist = mustExist,
            Property = property,
            OwnerPath = owner,
            IsSingle = single,
            IsReference = reference,
        };
    }

    private static Func<string, string> Through(NavigationMap navigation, EntitySetMap source, Func<string, string>? restriction, SqlContext sql) =>
        b =>
        {
            string a = sql.NewAlias();
            string where = sql.Scope.Predicate(source, a, sql) + (restriction is null ? "" : " AND " + restriction(a));
            return navigation.JoinPredicateIn(b, $"SELECT {a}.{SqlContext.Quote(navigation.SourceColumn)} FROM {sql.Scope.Source(source, sql)} AS {a} WHERE {where}");
        };

    private static long KeyValue(KeySegment segment)
    {
        var pair = segment.Keys.Single();
        return pair.Value switch
        {
            long l => l,
            int i => i,
            _ => throw new BadQueryException($"The key must be an integer, e.g. {segment.Identifier}(42)."),
        };
    }
}
