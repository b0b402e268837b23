using System.Text;
using HarvestOData.Server.OData.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Routing;

/// <summary>
/// The OData path of a request below <c>/odata</c>, parsed by ODataLib against the catalog's model: names in any case,
/// bound actions qualified or not. Used by the route template (so AspNetCoreOData's matcher sets
/// <c>ODataFeature().Path</c>) and for batch parts, which reach the read handler without routing.
/// </summary>
public static class CatalogPath
{
    public const string Prefix = "/odata";

    public const string RoutePrefix = "odata";

    /// <summary>The path for this request: the one routing found, else parsed now (and kept on the request).</summary>
    public static ODataPath For(HttpContext http, ServiceModel model)
    {
        var feature = http.ODataFeature();
        if (feature.Path is { } routed)
        {
            // A path routing could not parse is kept as an error and surfaces here, where errors are answered.
            if (http.Features.Get<PathFailure>() is { } failure)
                throw failure.Exception;
            return routed;
        }
        feature.RoutePrefix ??= RoutePrefix;
        feature.Model ??= model.Edm;
        feature.Path = Parse(model, ServiceRoot(http.Request), RelativePath(http.Request));
        return feature.Path;
    }

    /// <summary>Parses <paramref name="relativePath"/> (as sent, still percent-encoded).</summary>
    public static ODataPath Parse(ServiceModel model, string serviceRoot, string relativePath)
    {
        var root = new Uri(serviceRoot);
        var parser = new ODataUriParser(model.Edm, root, new Uri(root, EscapePath(Uri.UnescapeDataString(relativePath))))
        {
            Resolver = new UnqualifiedODataUriResolver { EnableCaseInsensitive = true },
        };
        return parser.ParsePath();
    }

    /// <summary>The service root as the caller addressed it (<c>https://host/base/odata/</c>).</summary>
    public static string ServiceRoot(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}/";

    /// <summary>The path after <c>/odata/</c> as sent (percent-encoding kept), without the query.</summary>
    public static string RelativePath(HttpRequest request)
    {
        string target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw.StartsWith('/')
            ? raw
            : request.PathBase + request.Path;
        int question = target.IndexOf('?');
        string path = question < 0 ? target : target[..question];
        if (request.PathBase.HasValue && path.StartsWith(request.PathBase.Value!, StringComparison.OrdinalIgnoreCase))
            path = path[request.PathBase.Value!.Length..];
        if (path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            path = path[Prefix.Length..];
        return path.TrimStart('/');
    }

    /// <summary>Re-escapes what <see cref="Uri"/> needs while keeping OData's own punctuation.</summary>
    public static string EscapePath(string path)
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

    /// <summary>A path ODataLib refused while routing; answered (404 or 400) by the action, as an OData error.</summary>
    public sealed record PathFailure(ODataException Exception);
}
