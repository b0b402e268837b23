using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Writes.Batch;
using HarvestOData.Server.OData.Writes.Idempotency;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// The write side of <c>/odata</c>: POST, PATCH, PUT, MERGE and DELETE below it, <c>POST /odata/$batch</c> and the async
/// batch status monitor (<c>GET /odata/$batch-status/{id}</c>). Authenticates the caller, reads the body within bounds,
/// honours <c>Idempotency-Key</c>, runs the write and sends its answer.
/// </summary>
public sealed class WriteHandler(
    WriteAuthenticator authenticator,
    WriteExecutor executor,
    IdempotencyGuard idempotency,
    BatchHandler batches,
    IOptions<WriteOptions> options,
    ILogger<WriteHandler> logger)
{
    public const string BatchSegment = "$batch";
    public const string StatusSegment = "$batch-status";

    /// <summary>Whether this handler answers the request (everything else is the read endpoint's).</summary>
    public static bool Handles(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments(RequestParser.Prefix, StringComparison.OrdinalIgnoreCase, out var rest))
            return false;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return rest.StartsWithSegments("/" + StatusSegment, StringComparison.OrdinalIgnoreCase);
        return !HttpMethods.IsOptions(request.Method);
    }

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            await HandleCoreAsync(http, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; Harvest and the mirror are consistent with whatever was done.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            logger.LogError(e, "Unexpected failure answering {Method} {Path}", http.Request.Method, http.Request.Path);
            await SendAsync(http, ErrorResponse.Create(500, "InternalError", "The request failed unexpectedly."), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task HandleCoreAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var request = http.Request;
        string serviceRoot = $"{request.Scheme}://{request.Host}{request.PathBase}{RequestParser.Prefix}/";
        var session = await authenticator.AuthenticateAsync(http, serviceRoot).ConfigureAwait(false);
        if (session is null)
            return; // the server's authentication has answered (400, 401, 429 or 503)
        request.Path.StartsWithSegments(RequestParser.Prefix, StringComparison.OrdinalIgnoreCase, out var rest);
        string relative = rest.Value?.TrimStart('/') ?? "";
        if (relative.StartsWith(StatusSegment + "/", StringComparison.OrdinalIgnoreCase))
        {
            await SendAsync(http, batches.Status(session, relative[(StatusSegment.Length + 1)..]), cancellationToken).ConfigureAwait(false);
            return;
        }
        byte[]? body;
        try
        {
            body = await BodyReader.ReadAsync(http, options.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel found the body ended (or stopped arriving) before its Content-Length: the client's fault, said at once.
            await SendAsync(http, ErrorResponse.Create(400, "BodyIncomplete",
                $"The body ended before its Content-Length ({request.ContentLength} bytes): {e.Message}"), CancellationToken.None).ConfigureAwait(false);
            return;
        }
        if (body is null)
        {
            await SendAsync(http, ErrorResponse.Create(413, "BodyTooLarge", $"The body is larger than {options.Value.MaxBodyBytes} bytes (OData:Writes:MaxBodyBytes)."), cancellationToken).ConfigureAwait(false);
            return;
        }
        var headers = WriteRequest.NewHeaders(request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())));
        var write = new WriteRequest(request.Method, relative + request.QueryString.Value, headers, body);
        WriteResponse response = relative.Equals(BatchSegment, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method)
            ? await idempotency.RunAsync(session, write, () => batches.RunAsync(session, write, http, cancellationToken), cancellationToken).ConfigureAwait(false)
            : await idempotency.RunAsync(session, write, () => executor.ExecuteAsync(session, write, cancellationToken), cancellationToken).ConfigureAwait(false);
        await SendAsync(http, response, cancellationToken).ConfigureAwait(false);
    }

    public static async Task SendAsync(HttpContext http, WriteResponse response, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
            http.Response.Headers[name] = value;
        if (response.Body.Length > 0)
        {
            http.Response.ContentLength = response.Body.Length;
            await http.Response.Body.WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }
    }
}
