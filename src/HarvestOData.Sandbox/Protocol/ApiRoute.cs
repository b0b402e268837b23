using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Protocol;

internal enum RouteKind
{
    List,
    Get,
    Me,
    Create,
    Update,
    Delete,
    Action,
}

/// <summary>One endpoint derived from a catalog path template (<c>projects/{project_id}/task_assignments/{id}</c>).</summary>
internal sealed record ApiRoute(string Method, IReadOnlyList<string> Segments, ResourceDefinition Resource, RouteKind Kind, string? ActionName = null)
{
    public int Literals { get; } = Segments.Count(s => !IsVariable(s));

    public string Shape { get; } = Method + " " + string.Join('/', Segments.Select(s => IsVariable(s) ? "{}" : s));

    public static bool IsVariable(string segment) => segment.StartsWith('{');

    /// <summary>The template's variables bound to columns (<c>{parent_id}</c> → the parent column), or null when the path does not match.</summary>
    public Dictionary<string, long>? Match(string[] path)
    {
        if (path.Length != Segments.Count)
            return null;
        var bound = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < path.Length; i++)
        {
            string segment = Segments[i];
            if (!IsVariable(segment))
            {
                if (!string.Equals(segment, path[i], StringComparison.Ordinal))
                    return null;
                continue;
            }
            if (!long.TryParse(path[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value))
                return null;
            string variable = segment[1..^1];
            bound[variable == "parent_id" ? Resource.ParentColumn! : variable] = value;
        }
        return bound;
    }
}
