using Microsoft.OData.UriParser;
using Microsoft.OData.UriParser.Aggregation;

namespace HarvestOData.Server.OData.Routing;

/// <summary>Everything ODataLib parsed from one request URL, plus the raw options the next link repeats.</summary>
public sealed class ParsedRequest
{
    public required ODataPath Path { get; init; }

    /// <summary>The path as sent, relative to the service root (<c>Projects(1)/TimeEntries</c>).</summary>
    public required string RelativePath { get; init; }

    public ApplyClause? Apply { get; init; }

    public ComputeClause? Compute { get; init; }

    public FilterClause? Filter { get; init; }

    public SelectExpandClause? SelectExpand { get; init; }

    public OrderByClause? OrderBy { get; init; }

    public SearchClause? Search { get; init; }

    public long? Top { get; init; }

    public long? Skip { get; init; }

    public bool Count { get; init; }

    public string? SkipToken { get; init; }

    public string? Format { get; init; }

    /// <summary>Parameter aliases (<c>@p=…</c>); AspNetCoreOData substitutes them in $filter and $orderby itself.</summary>
    public IDictionary<string, SingleValueNode>? Aliases { get; init; }

    /// <summary>Query options in canonical form (<c>$name</c> lower-case → raw value), in request order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Options { get; init; }

    /// <summary>Binds a skip token to the query it continues: the path and the options that decide the rows and their order.</summary>
    public string Fingerprint =>
        RelativePath + "\n" + string.Join("\n", Options.Where(o => o.Key is "$filter" or "$orderby" or "$search" or "$apply" or "$compute").Select(o => o.Key + "=" + Uri.UnescapeDataString(o.Value)));

    public string? Option(string name) => Options.FirstOrDefault(o => o.Key == name).Value;
}
