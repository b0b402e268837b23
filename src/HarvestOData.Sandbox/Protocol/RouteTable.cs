using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Protocol;

/// <summary>
/// Every endpoint the sandbox serves, derived from the catalog's list, create, update, delete and action paths,
/// plus <c>GET users/me</c>. A create path that differs from the list path (<c>projects/{project_id}/task_assignments</c>)
/// is also a filtered list, and an update path a single-row read, as in Harvest.
/// </summary>
internal sealed class RouteTable
{
    private readonly List<ApiRoute> _routes = [];
    private readonly HashSet<string> _shapes = [];

    public RouteTable()
    {
        var users = EntityCatalog.Get("users");
        Add(new ApiRoute("GET", ["users", "me"], users, RouteKind.Me));
        foreach (var resource in EntityCatalog.Fetched)
        {
            if (resource.Kind == ResourceKind.Singleton)
            {
                Add(new ApiRoute("GET", Split(resource.ListPath!), resource, RouteKind.Get));
            }
            else
            {
                Add(new ApiRoute("GET", Split(resource.ListPath!), resource, RouteKind.List));
                Add(new ApiRoute("GET", [.. Split(resource.ListPath!), "{id}"], resource, RouteKind.Get));
            }
            if (resource.CreatePath is { } create)
            {
                Add(new ApiRoute("POST", Split(create), resource, RouteKind.Create));
                Add(new ApiRoute("GET", Split(create), resource, RouteKind.List));
            }
            if (resource.UpdatePath is { } update)
            {
                Add(new ApiRoute("PATCH", Split(update), resource, RouteKind.Update));
                Add(new ApiRoute("GET", Split(update), resource, RouteKind.Get));
            }
            if (resource.DeletePath is { } delete)
                Add(new ApiRoute("DELETE", Split(delete), resource, RouteKind.Delete));
            // State changes are messages: the messages resource's own create route takes them.
            foreach (var action in resource.Actions.Where(a => !a.IsMessageEvent))
                Add(new ApiRoute(action.Method, Split(action.PathTemplate), resource, RouteKind.Action, action.Name));
        }
    }

    /// <summary>The most specific route (most literal segments) matching the call, with its bound variables.</summary>
    public (ApiRoute Route, Dictionary<string, long> Values)? Find(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        (ApiRoute, Dictionary<string, long>)? best = null;
        foreach (var route in _routes)
        {
            if (!string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
                continue;
            if (route.Match(segments) is { } values && (best is null || route.Literals > best.Value.Item1.Literals))
                best = (route, values);
        }
        return best;
    }

    private void Add(ApiRoute route)
    {
        // The first route of a shape wins (the list path before the create path read as a list).
        if (_shapes.Add(route.Shape))
            _routes.Add(route);
    }

    private static string[] Split(string template) => template.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
