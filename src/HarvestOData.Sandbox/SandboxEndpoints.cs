using HarvestOData.Sandbox.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HarvestOData.Sandbox;

/// <summary>The sandbox on a real server (Kestrel): the same core as <see cref="HarvestSandbox.CreateHandler"/>.</summary>
public static class SandboxEndpoints
{
    /// <summary>Serves the sandbox below <paramref name="prefix"/> (<c>/v2</c>); a dropped-connection fault closes the connection unanswered.</summary>
    public static IEndpointRouteBuilder MapHarvestSandbox(this IEndpointRouteBuilder app, HarvestSandbox sandbox, string prefix = "/v2")
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        string root = "/" + prefix.Trim('/');
        app.Map(root + "/{**path}", context => Serve(context, sandbox, root));
        return app;
    }

    private static async Task Serve(HttpContext context, HarvestSandbox sandbox, string root)
    {
        var request = context.Request;
        string path = (request.Path.Value ?? "")[root.Length..].TrimStart('/');
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var baseUri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{root}/");
        var call = new SandboxCall(request.Method, path, request.QueryString.Value?.TrimStart('?') ?? "", headers, buffer.ToArray(), request.ContentType, baseUri);
        var answer = await sandbox.Core.HandleAsync(call, context.RequestAborted).ConfigureAwait(false);
        if (answer.Drop)
        {
            // A clean close (FIN) before any answer byte, as a proxy or a server shedding load does: the case an HTTP client
            // may take for a stale keep-alive connection and silently send again. Then abort whatever is left.
            context.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            context.Abort();
            return;
        }
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = SandboxAnswer.JsonContentType;
        if (answer.RetryAfter is { } retryAfter)
            context.Response.Headers.RetryAfter = retryAfter;
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
