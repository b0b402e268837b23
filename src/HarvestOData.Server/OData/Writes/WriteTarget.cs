using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Writes.Actions;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// What a write's URL addresses: an entity set (POST), one entity by key or the singleton (PATCH, DELETE), or a bound
/// action on one entity (POST). Parsed by ODataLib against the served model; action names work qualified
/// (<c>HarvestOData.Stop</c>) or not, in any case. <c>$select</c>/<c>$expand</c> shape a returned representation.
/// </summary>
public sealed record WriteTarget(EntitySetMap Set, long? Key, BoundAction? Action, SelectExpandClause? SelectExpand)
{
    public bool IsCollection => Key is null && !Set.IsSingleton;

    public static WriteTarget Parse(ServiceModel model, QueryLimits limits, string serviceRoot, string relativeUrl)
    {
        var root = new Uri(serviceRoot);
        ODataPath path;
        SelectExpandClause? selectExpand;
        try
        {
            var parser = new ODataUriParser(model.Edm, root, new Uri(root, relativeUrl))
            {
                Resolver = new UnqualifiedODataUriResolver { EnableCaseInsensitive = true },
                EnableNoDollarQueryOptions = true,
            };
            // The same expansion limits as reads: a returned representation is a read of the written entity.
            parser.Settings.MaximumExpansionDepth = limits.MaxExpansionDepth;
            parser.Settings.MaximumExpansionCount = limits.MaxExpansionCount;
            if (relativeUrl.Length > limits.MaxQueryLength)
                throw WriteException.BadRequest($"The URL is longer than {limits.MaxQueryLength} characters.");
            path = parser.ParsePath();
            selectExpand = parser.ParseSelectAndExpand();
        }
        catch (ODataUnrecognizedPathException e)
        {
            throw WriteException.NotFound(e.Message);
        }
        catch (ODataException e)
        {
            throw WriteException.BadRequest(e.Message);
        }
        return FromSegments(model, path.ToList(), selectExpand);
    }

    private static WriteTarget FromSegments(ServiceModel model, List<ODataPathSegment> segments, SelectExpandClause? selectExpand)
    {
        switch (segments)
        {
            case [EntitySetSegment set]:
                return new WriteTarget(model.Set(set.EntitySet.Name), null, null, selectExpand);
            case [SingletonSegment singleton]:
                return new WriteTarget(model.Set(singleton.Singleton.Name), null, null, selectExpand);
            case [EntitySetSegment set, KeySegment key]:
                return new WriteTarget(model.Set(set.EntitySet.Name), KeyOf(key), null, selectExpand);
            case [EntitySetSegment set, KeySegment key, OperationSegment operation]:
                var map = model.Set(set.EntitySet.Name);
                string name = operation.Operations.Single().Name;
                var action = BoundAction.Of(map.Resource).FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    ?? throw WriteException.NotFound($"{map.Name} have no action '{name}'.");
                return new WriteTarget(map, KeyOf(key), action, selectExpand);
            case [.., OperationSegment] or [.., TypeSegment]:
                throw WriteException.BadRequest("Bound actions are invoked on one entity: TimeEntries(5)/Stop.");
            default:
                throw WriteException.BadRequest(
                    "Writes address an entity set (POST TimeEntries), one entity (PATCH or DELETE TimeEntries(5), PATCH Company) or a bound action (POST TimeEntries(5)/Stop).");
        }
    }

    private static long KeyOf(KeySegment segment) => segment.Keys.Single().Value switch
    {
        long l => l,
        int i => i,
        _ => throw WriteException.BadRequest($"The key must be an integer, e.g. {segment.Identifier}(42)."),
    };

    /// <summary>The canonical URL of one entity of <paramref name="set"/> (<c>…/odata/TimeEntries(5)</c>, <c>…/odata/Company</c>).</summary>
    public static string EntityUrl(string serviceRoot, EntitySetMap set, long id) =>
        set.IsSingleton ? serviceRoot + set.Name : $"{serviceRoot}{set.Name}({id.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    public override string ToString() => Set.Name + (Key is { } k ? $"({k})" : "") + (Action is { } a ? "/" + a.Name : "");
}
