using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Apply;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Routing;

/// <summary>
/// A read's query options: names checked and made canonical here (case-insensitive, with or without <c>$</c>,
/// percent-encoded as Power Query sends them; unknown <c>$</c> options refused), then parsed and validated by
/// AspNetCoreOData's <see cref="ODataQueryOptions"/> against <see cref="QueryLimits"/>, the one set of limits reads and
/// writes share. The parsed trees go to the SQL compiler.
/// </summary>
public sealed class RequestParser(ServiceModel model, QueryLimits limits)
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$count", "$search", "$apply", "$compute", "$skiptoken", "$format",
    };

    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "$levels", "$deltatoken", "$schemaversion", "$index", "$id",
    };

    public const string Prefix = CatalogPath.Prefix;

    /// <summary>The request's query options for <paramref name="path"/>, parsed and validated by AspNetCoreOData.</summary>
    public ParsedRequest Parse(HttpRequest request, ODataPath path)
    {
        string query = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw && raw.IndexOf('?') is >= 0 and var q
            ? raw[(q + 1)..]
            : request.QueryString.Value?.TrimStart('?') ?? "";
        if (query.Length > limits.MaxQueryLength)
            throw new QueryLimitException($"The query string is longer than {limits.MaxQueryLength} characters.");
        var options = Canonical(query);
        string? format = options.FirstOrDefault(o => o.Key == "$format").Value;
        string relativePath = Uri.UnescapeDataString(CatalogPath.RelativePath(request));
        if (QueryContext(path) is not { } context)
            return new ParsedRequest { Path = path, RelativePath = relativePath, Format = Decoded(format), Options = options };

        // The library reads options from HttpRequest.Query: hand it the canonical names (%24FILTER, filter → $filter), and
        // of $apply only the transformations ODataLib binds (ApplyQuery runs the rest from the raw text).
        request.QueryString = new QueryString(options.Count == 0 ? "" : "?" + string.Join("&", options.Select(o => EscapeName(o.Key) + "=" + (o.Key == "$apply" ? ApplyStep.NativeOnly(o.Value) : o.Value))));
        var queryOptions = new ODataQueryOptions(context, request);
        long? top = queryOptions.Top?.Value;
        long? skip = queryOptions.Skip?.Value;
        if (top is < 0 || skip is < 0)
            throw new BadQueryException("$top and $skip must not be negative.");
        if (top > limits.MaxTop)
            throw new QueryLimitException($"$top may be at most {limits.MaxTop}; the service pages large results through @odata.nextLink anyway.");
        if (skip > limits.MaxSkip)
            throw new QueryLimitException($"$skip may be at most {limits.MaxSkip}.");
        queryOptions.Validate(limits.ValidationSettings);
        // $apply, then $compute: $filter, $orderby and $select after them may name their aliases (the options share one parser).
        var apply = queryOptions.Apply?.ApplyClause;
        var compute = queryOptions.Compute?.ComputeClause;
        return new ParsedRequest
        {
            Path = path,
            RelativePath = relativePath,
            Format = Decoded(format),
            Options = options,
            Apply = apply,
            Compute = compute,
            Filter = queryOptions.Filter?.FilterClause,
            SelectExpand = queryOptions.SelectExpand?.SelectExpandClause,
            OrderBy = queryOptions.OrderBy?.OrderByClause,
            Search = queryOptions.Search?.SearchClause,
            Top = top,
            Skip = skip,
            Count = queryOptions.Count?.Value == true,
            SkipToken = queryOptions.SkipToken?.RawValue,
        };
    }

    /// <summary>The entity type and source the options apply to; null where a path takes no query options.</summary>
    private ODataQueryContext? QueryContext(ODataPath path)
    {
        // Options of TimeEntries/$count and TimeEntries/$ref apply to TimeEntries.
        var addressed = path.LastSegment is CountSegment or ReferenceSegment ? new ODataPath(path.Take(path.Count - 1)) : path;
        // A report's rows (OData/Reports): a collection of a complex type, from no entity set.
        if (addressed.FirstSegment is OperationImportSegment && addressed.LastSegment?.EdmType?.AsElementType() is IEdmComplexType row)
            return new ODataQueryContext(model.Edm, row, addressed);
        return addressed.LastSegment?.EdmType?.AsElementType() is IEdmEntityType type && addressed.NavigationSource() is not null
            ? new ODataQueryContext(model.Edm, type, addressed)
            : null;
    }

    private static string? Decoded(string? value) => value is null ? null : Uri.UnescapeDataString(value);

    private static string EscapeName(string name) => Uri.EscapeDataString(name).Replace("%24", "$").Replace("%40", "@");

    /// <summary>
    /// Options with decoded, lower-cased, <c>$</c>-prefixed names (<c>%24FILTER</c>, <c>filter</c> → <c>$filter</c>) and
    /// raw values; unknown <c>$</c> options are refused, unsupported ones answered 501, others (custom, aliases) kept.
    /// </summary>
    public static List<KeyValuePair<string, string>> Canonical(string query)
    {
        var options = new List<KeyValuePair<string, string>>();
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' ')).Trim();
            string value = equals < 0 ? "" : pair[(equals + 1)..];
            if (name.Length == 0)
                continue;
            string lower = name.ToLowerInvariant();
            string canonical = lower.StartsWith('$') ? lower : "$" + lower;
            if (Known.Contains(canonical))
                name = canonical;
            else if (Unsupported.Contains(canonical))
                throw new NotSupportedQueryException($"The query option {canonical} is not supported.");
            else if (lower.StartsWith('$'))
                throw new BadQueryException($"Unknown query option '{name}'.");
            if (options.Any(o => o.Key == name && Known.Contains(name)))
                throw new BadQueryException($"The query option {name} appears more than once.");
            options.Add(new(name, value));
        }
        return options;
    }

    /// <summary>Whether an exception from ODataLib means "no such resource" (404) rather than a bad query (400).</summary>
    public static bool IsUnknownResource(ODataException exception) => exception is ODataUnrecognizedPathException;
}
