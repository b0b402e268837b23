using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace HarvestOData.Server.OData.Writes;

/// <summary>Reads a request body whole, up to a bound (write bodies are small; a batch is bounded too).</summary>
public static class BodyReader
{
    /// <summary>
    /// How long a body may lag behind Kestrel's minimum rate (240 bytes/s) before it is given up on: write bodies are
    /// small and sent in one go, so one that stops short of its Content-Length will not be finished. Kestrel checks once
    /// a second and wants more than that; its default of 5 s kept such a client waiting for nothing.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    /// <exception cref="BadHttpRequestException">The body ended, or stopped arriving, before its Content-Length.</exception>
    public static async Task<byte[]?> ReadAsync(HttpContext http, int limit, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            rate.MinDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: Grace);
        if (request.ContentLength > limit)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
