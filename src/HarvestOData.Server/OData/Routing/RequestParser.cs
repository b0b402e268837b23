using System.Text;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Apply;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Routing;

/// <summary>
/// Parses a request URL with <see cref="ODataUriParser"/>: names case-insensitive, options with or without <c>$</c>, and
/// option names percent-decoded first (<c>%24filter</c>) since Power Query encodes them. <c>$apply</c> is parsed
/// before <c>$filter</c>/<c>$orderby</c> so those can name aggregate aliases.
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

    public const string Prefix = "/odata";

    public ParsedRequest Parse(HttpRequest request, string serviceRoot)
    {
        string target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw.StartsWith('/')
            ? raw
            : request.PathBase + request.Path + request.QueryString;
        int question = target.IndexOf('?');
        string path = question < 0 ? target : target[..question];
        string query = question < 0 ? "" : target[(question + 1)..];
        if (query.Length > limits.MaxQueryLength)
            throw new QueryLimitException($"The query string is longer than {limits.MaxQueryLength} characters.");

        string relativePath = RelativePath(Uri.UnescapeDataString(path), request.PathBase);
        var options = Canonical(query);
        string? format = options.FirstOrDefault(o => o.Key == "$format").Value;
        // Custom options mean nothing here; only system options and parameter aliases (@x=…) reach the parser.
        var forParser = options.Where(o => o.Key != "$format" && (Known.Contains(o.Key) || o.Key.StartsWith('@')))
            .Select(o => (o.Key.StartsWith('@') ? Uri.EscapeDataString(o.Key).Replace("%40", "@") : o.Key) + "=" + (o.Key == "$apply" ? ApplyStep.NativeOnly(o.Value) : o.Value))
            .ToList();
        string relative = EscapePath(relativePath) + (forParser.Count == 0 ? "" : "?" + string.Join("&", forParser));

        var parser = new ODataUriParser(model.Edm, new Uri(serviceRoot), new Uri(serviceRoot + relative))
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
            EnableNoDollarQueryOptions = true,
        };
        parser.Settings.MaximumExpansionDepth = limits.MaxExpansionDepth;
        parser.Settings.MaximumExpansionCount = limits.MaxExpansionCount;

        var odataPath = parser.ParsePath();
        var apply = parser.ParseApply();
        // Before $filter/$orderby/$select, which bind the computed aliases.
        var compute = parser.ParseCompute();
        var filter = parser.ParseFilter();
        var selectExpand = parser.ParseSelectAndExpand();
        var orderBy = parser.ParseOrderBy();
        long? top = parser.ParseTop();
        long? skip = parser.ParseSkip();
        bool? count = parser.ParseCount();
        var search = parser.ParseSearch();
        string? skipToken = parser.ParseSkipToken();
        if (top is < 0 || skip is < 0)
            throw new BadQueryException("$top and $skip must not be negative.");
        if (top > limits.MaxTop)
            throw new QueryLimitException($"$top may be at most {limits.MaxTop}; the service pages large results through @odata.nextLink anyway.");
        if (skip > limits.MaxSkip)
            throw new QueryLimitException($"$skip may be at most {limits.MaxSkip}.");

        return new ParsedRequest
        {
            Path = odataPath,
            RelativePath = relativePath,
            Apply = apply,
            Compute = compute,
            Filter = filter,
            SelectExpand = selectExpand,
            OrderBy = orderBy,
            Search = search,
            Top = top,
            Skip = skip,
            Count = count == true,
            SkipToken = skipToken,
            Format = format is null ? null : Uri.UnescapeDataString(format),
            Aliases = parser.ParameterAliasNodes,
            Options = options,
        };
    }

    private static string RelativePath(string path, PathString pathBase)
    {
        string rest = path;
        if (pathBase.HasValue && rest.StartsWith(pathBase.Value!, StringComparison.OrdinalIgnoreCase))
            rest = rest[pathBase.Value!.Length..];
        if (rest.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            rest = rest[Prefix.Length..];
        return rest.TrimStart('/');
    }

    /// <summary>Re-escapes what the path needs for <see cref="Uri"/> while keeping OData's own punctuation.</summary>
    private static string EscapePath(string path)
    {
        var builder = new StringBuilder(path.Length);
        foreach (string part in path.Split('/'))
        {
            if (builder.Length > 0)
                builder.Append('/');
            builder.Append(Uri.EscapeDataString(part).Replace("%28", "(").Replace("%29", ")").Replace("%2C", ",").Replace("%27", "'").Replace("%24", "$").Replace("%3D", "="));
        }
        return builder.ToString();
    }

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
