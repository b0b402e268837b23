using System.Net;
using System.Net.Http.Headers;

namespace HarvestOData.Sandbox.Protocol;

/// <summary>The sandbox as an <see cref="HttpMessageHandler"/>: no sockets, same core as the Kestrel endpoint.</summary>
internal sealed class InProcessHandler(SandboxCore core, Uri baseAddress) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : new Uri(baseAddress, request.RequestUri?.ToString() ?? "");
        string root = baseAddress.AbsolutePath;
        if (!uri.AbsolutePath.StartsWith(root, StringComparison.Ordinal))
            return Answer(request, SandboxProblem.NotFound().ToAnswer());
        string path = uri.AbsolutePath[root.Length..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
            headers[name] = string.Join(name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ", values);
        byte[] body = [];
        string? contentType = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            contentType = request.Content.Headers.ContentType?.ToString();
        }
        var call = new SandboxCall(request.Method.Method, Uri.UnescapeDataString(path), uri.Query.TrimStart('?'), headers, body, contentType,
            new Uri(uri.GetLeftPart(UriPartial.Authority) + root));
        var answer = await core.HandleAsync(call, cancellationToken).ConfigureAwait(false);
        if (answer.Drop)
            throw new HttpRequestException("The Harvest sandbox dropped the connection (injected fault).", new IOException("Connection reset by peer."));
        return Answer(request, answer);
    }

    private static HttpResponseMessage Answer(HttpRequestMessage request, SandboxAnswer answer)
    {
        var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(answer.Body),
        };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(SandboxAnswer.JsonContentType);
        if (answer.RetryAfter is { } retryAfter)
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }
}
