using System.Globalization;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Apply;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Serialization;
using HarvestOData.Server.OData.Storage;
using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.OData.Routing;

/// <summary>Everything one read request needs once it is authenticated and parsed.</summary>
public sealed class ReadContext
{
    public required HttpContext Http { get; init; }

    public required ParsedRequest Request { get; init; }

    public required PathTarget Target { get; init; }

    public required SqlContext Sql { get; init; }

    /// <summary>The request's read-only session on the mirror (SQLite or PostgreSQL).</summary>
    public required MirrorSession Mirror { get; init; }

    public required ResponseFormat Format { get; init; }

    public required string ServiceRoot { get; init; }

    public required int PageSize { get; init; }

    public required SkipTokenProtector SkipTokens { get; init; }

    public required CancellationToken Cancellation { get; init; }

    public HttpResponse Response => Http.Response;

    public bool Gzip => JsonOutput.AcceptsGzip(Http.Request);

    /// <summary>What an <c>$apply</c> of this request works on: the target set, narrowed by its path, scoped to the caller.</summary>
    public ApplyInput ApplyInput => new(Target.Set, Request.Path, Request.Search, Target.Restriction, Sql, Request.Aliases);

    /// <summary>The request again, minus paging options, plus the next page's <c>$top</c> and <c>$skiptoken</c>.</summary>
    public string NextLink(SkipToken token, long? remainingTop)
    {
        var parts = Request.Options
            .Where(o => o.Key is not ("$skip" or "$skiptoken" or "$top"))
            .Select(o => o.Key + "=" + o.Value)
            .ToList();
        if (remainingTop is { } top)
            parts.Add("$top=" + top.ToString(CultureInfo.InvariantCulture));
        parts.Add("$skiptoken=" + Uri.EscapeDataString(SkipTokens.Protect(token, Request.Fingerprint)));
        string path = string.Join("/", Request.RelativePath.Split('/').Select(EscapeSegment));
        return ServiceRoot + path + "?" + string.Join("&", parts);
    }

    private static string EscapeSegment(string segment) =>
        Uri.EscapeDataString(segment).Replace("%28", "(").Replace("%29", ")").Replace("%2C", ",").Replace("%27", "'").Replace("%24", "$");
}
