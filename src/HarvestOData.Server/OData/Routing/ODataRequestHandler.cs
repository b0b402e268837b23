using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Query.Scope;
using HarvestOData.Server.OData.Serialization;
using HarvestOData.Server.OData.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Routing;

/// <summary>
/// The read side of <c>/odata</c>: authenticate, parse, scope, compile to SQL, stream. Every failure becomes an OData
/// error; once the body has started, a failure aborts the connection so a client never takes a cut feed for a whole one.
/// </summary>
public sealed class ODataRequestHandler(
    ServiceModel model,
    MetadataDocument metadata,
    MirrorConnections mirror,
    SkipTokenProtector skipTokens,
    IOptions<ODataOptions> options,
    QueryLimits limits,
    TimeProvider time,
    ILogger<ODataRequestHandler> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        using var timeout = new CancellationTokenSource(limits.MaxQueryTime, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, timeout.Token);
        try
        {
            await HandleCoreAsync(http, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            var mapped = ErrorMapping.Map(e, timeout.IsCancellationRequested);
            if (mapped is null)
                logger.LogError(e, "Unexpected failure answering {Method} {Path}", http.Request.Method, http.Request.Path);
            else if (mapped.Value.Status >= 500)
                logger.LogWarning("{Method} {Path} answered {Status}: {Message}", http.Request.Method, http.Request.Path, mapped.Value.Status, mapped.Value.Message);
            if (http.Response.HasStarted)
            {
                http.Abort();
                return;
            }
            var (status, code, message) = mapped ?? (StatusCodes.Status500InternalServerError, "InternalError", "The request failed unexpectedly.");
            http.Response.Clear();
            await ErrorWriter.WriteAsync(http.Response, status, code, message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private async Task HandleCoreAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            http.Response.Headers.Allow = "GET, HEAD";
            await ErrorWriter.WriteAsync(http.Response, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed",
                $"{request.Method} is not supported here; the OData endpoint is read-only.", cancellationToken).ConfigureAwait(false);
            return;
        }
        // The server's one authentication (Auth/HarvestAuthenticationHandler): null once its refusal is written.
        if (await http.RequireCallerAsync().ConfigureAwait(false) is not { Caller: var caller })
            return;

        string serviceRoot = CatalogPath.ServiceRoot(request);
        ODataPath path;
        try
        {
            path = CatalogPath.For(http, model);
        }
        catch (ODataException e) when (Reports.ReportCall.Refusal(e, CatalogPath.RelativePath(request), model) is { } refusal)
        {
            throw refusal;
        }
        var parsed = new RequestParser(model, limits).Parse(request, path);
        var sql = new SqlContext(model, new RowScope(caller, model), limits, time, mirror.Dialect);
        if (Reports.ReportCall.Of(parsed.Path, model) is { } report)
        {
            await ReadReportAsync(http, parsed, sql, report, serviceRoot, cancellationToken).ConfigureAwait(false);
            return;
        }
        var target = ResourcePath.Resolve(parsed.Path, sql);

        if (target.Kind == PathKind.Metadata)
        {
            http.Response.StatusCode = 200;
            ODataHeaders.Apply(http.Response, "application/xml;charset=utf-8");
            http.Response.ContentLength = metadata.Bytes.Length;
            await http.Response.Body.WriteAsync(metadata.Bytes, cancellationToken).ConfigureAwait(false);
            return;
        }
        var format = ResponseFormat.Negotiate(parsed.Format, request.Headers.Accept.ToArray()!);
        if (format is null)
        {
            await ErrorWriter.WriteAsync(http.Response, StatusCodes.Status406NotAcceptable, "NotAcceptable",
                "This service answers application/json (odata.metadata=minimal, full or none).", cancellationToken).ConfigureAwait(false);
            return;
        }
        if (target.Kind == PathKind.ServiceDocument)
        {
            http.Response.StatusCode = 200;
            ODataHeaders.Apply(http.Response, format.ContentType);
            await using var output = JsonOutput.Start(http.Response, JsonOutput.AcceptsGzip(request));
            ServiceDocumentWriter.Write(output.Json, model, serviceRoot, format);
            return;
        }
        if (!sql.Scope.CanEverSee(target.Set))
        {
            await ErrorWriter.WriteAsync(http.Response, StatusCodes.Status403Forbidden, "Forbidden",
                $"{target.Set.Name} are visible to administrators{(target.Set.Resource.Grants.Count > 0 ? " and users with the right permission" : "")} only.",
                cancellationToken).ConfigureAwait(false);
            return;
        }
        if (parsed.Apply is not null && target.Kind != PathKind.Collection && target.Kind != PathKind.Count)
            throw new BadQueryException("$apply applies to collections only.");

        await using var session = await mirror.OpenAsync(cancellationToken).ConfigureAwait(false);
        var read = new ReadContext
        {
            Http = http,
            Request = parsed,
            Target = target,
            Sql = sql,
            Mirror = session,
            Format = format,
            ServiceRoot = serviceRoot,
            PageSize = PageSize(http),
            SkipTokens = skipTokens,
            Cancellation = cancellationToken,
        };
        foreach (var (set, restriction) in target.MustExist)
        {
            string a = sql.NewAlias();
            string check = $"SELECT 1 FROM {sql.Scope.Source(set, sql)} AS {a} WHERE {sql.Scope.Predicate(set, a, sql)} AND {restriction(a)} LIMIT 1";
            if (!session.Exists(check, sql.Values))
            {
                await SingleResponse.NotFoundAsync(read).ConfigureAwait(false);
                return;
            }
        }
        await (target.Kind switch
        {
            PathKind.Collection when parsed.Apply is not null && Query.Apply.ApplyQuery.Aggregates(parsed.Apply, parsed.Option("$apply")) => ApplyResponse.WriteAsync(read),
            PathKind.Collection => CollectionResponse.WriteAsync(read),
            PathKind.Entity => SingleResponse.WriteEntityAsync(read),
            PathKind.Property => SingleResponse.WritePropertyAsync(read, raw: false),
            PathKind.PropertyValue => SingleResponse.WritePropertyAsync(read, raw: true),
            PathKind.Count => SingleResponse.WriteCountAsync(read),
            _ => throw new NotSupportedQueryException("This path is not supported."),
        }).ConfigureAwait(false);
    }

    /// <summary>A report function's rows (OData/Reports), read from the mirror like any feed.</summary>
    private async Task ReadReportAsync(HttpContext http, ParsedRequest parsed, SqlContext sql, Reports.ReportCall report, string serviceRoot, CancellationToken cancellationToken)
    {
        var format = ResponseFormat.Negotiate(parsed.Format, http.Request.Headers.Accept.ToArray()!);
        if (format is null)
        {
            await ErrorWriter.WriteAsync(http.Response, StatusCodes.Status406NotAcceptable, "NotAcceptable",
                "This service answers application/json (odata.metadata=minimal, full or none).", cancellationToken).ConfigureAwait(false);
            return;
        }
        await using var session = await mirror.OpenAsync(cancellationToken).ConfigureAwait(false);
        var read = new ReadContext
        {
            Http = http,
            Request = parsed,
            Target = new PathTarget(PathKind.Collection),
            Sql = sql,
            Mirror = session,
            Format = format,
            ServiceRoot = serviceRoot,
            PageSize = PageSize(http),
            SkipTokens = skipTokens,
            Cancellation = cancellationToken,
        };
        await Reports.ReportResponse.WriteAsync(read, report).ConfigureAwait(false);
    }

    /// <summary><c>OData:PageSize</c>, lowered by <c>Prefer: odata.maxpagesize=N</c> (answered with <c>Preference-Applied</c>).</summary>
    private int PageSize(HttpContext http)
    {
        int size = options.Value.PageSize;
        foreach (string? prefer in http.Request.Headers["Prefer"])
        {
            foreach (string part in (prefer ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
                if (pair.Length == 2 && pair[0].Equals("odata.maxpagesize", StringComparison.OrdinalIgnoreCase) && int.TryParse(pair[1], out int asked) && asked > 0)
                {
                    if (asked <= size)
                        http.Response.Headers["Preference-Applied"] = "odata.maxpagesize=" + asked;
                    size = Math.Min(size, asked);
                }
            }
        }
        return size;
    }
}
