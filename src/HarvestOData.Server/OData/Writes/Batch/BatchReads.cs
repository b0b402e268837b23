using HarvestOData.Server.Auth;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// GET requests inside a batch, answered by the read endpoint itself (the same handler, scope and serializer) on an
/// in-memory HTTP context carrying the batch caller's credentials.
/// </summary>
public sealed class BatchReads(IServiceProvider services)
{
    public async Task<WriteResponse> GetAsync(BatchOrigin origin, string relativeUrl, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var handler = services.GetService<ODataRequestHandler>();
        if (handler is null)
            return ErrorResponse.Create(501, "NotImplemented", "Reads are not served by this host.");
        var context = new DefaultHttpContext { RequestServices = services };
        var request = context.Request;
        request.Method = HttpMethods.Get;
        request.Scheme = origin.Scheme;
        request.Host = origin.Host;
        request.PathBase = origin.PathBase;
        string[] pieces = relativeUrl.Split('?', 2);
        request.Path = RequestParser.Prefix + "/" + pieces[0];
        request.QueryString = pieces.Length > 1 ? new QueryString("?" + pieces[1]) : QueryString.Empty;
        request.Headers.Authorization = origin.Authorization;
        // The batch's caller, as the server's authentication established them for the batch request: no second check.
        if (origin.Caller is not null)
            context.Features.Set(origin.Caller);
        if (origin.AccountHeader is not null)
            request.Headers["Harvest-Account-Id"] = origin.AccountHeader;
        foreach (string name in new[] { "Accept", "Prefer", "OData-MaxVersion" })
        {
            if (headers.TryGetValue(name, out string? value))
                request.Headers[name] = value;
        }
        using var body = new MemoryStream();
        context.Response.Body = body;
        context.RequestAborted = cancellationToken;
        await handler.HandleAsync(context).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        var response = new WriteResponse(context.Response.StatusCode) { Body = body.ToArray() };
        foreach (var (name, value) in context.Response.Headers)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                response.Headers[name] = value.ToString();
        }
        return response;
    }
}

/// <summary>What a batch keeps of its HTTP request to answer its GET parts later (also after an async batch's request ended).</summary>
public sealed record BatchOrigin(string Scheme, HostString Host, PathString PathBase, string Authorization, string? AccountHeader, HarvestCaller? Caller = null)
{
    public static BatchOrigin Of(HttpRequest request) => new(request.Scheme, request.Host, request.PathBase,
        request.Headers.Authorization.ToString(), request.Headers.TryGetValue("Harvest-Account-Id", out var account) ? account.ToString() : null,
        request.HttpContext.GetHarvestCaller());

    /// <summary>Never prints the credentials.</summary>
    public override string ToString() => $"{Scheme}://{Host}{PathBase}";
}
