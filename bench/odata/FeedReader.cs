using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace HarvestOData.Bench.OData;

/// <summary>
/// Reads a feed through every next link the way a BI client does, counting rows cheaply (the client shares the two
/// cores with the server, so it must not be the bottleneck): rows are counted by their first property, the next link is
/// found at the end of the page.
/// </summary>
public static class FeedReader
{
    public sealed record Result(long Rows, int Pages, long Bytes, TimeSpan Elapsed)
    {
        public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
    }

    public static async Task<Result> ReadAllAsync(HttpClient http, string url, string? token, byte[] rowMarker, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        long rows = 0, bytes = 0;
        int pages = 0;
        string? next = url;
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{next} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}");
            bytes += body.Length;
            rows += Count(body, rowMarker);
            next = NextLink(body, new Uri(next));
            pages++;
        }
        return new Result(rows, pages, bytes, clock.Elapsed);
    }

    private static long Count(ReadOnlySpan<byte> body, ReadOnlySpan<byte> marker)
    {
        long count = 0;
        for (int at = body.IndexOf(marker); at >= 0; at = body.IndexOf(marker))
        {
            count++;
            body = body[(at + marker.Length)..];
        }
        return count;
    }

    private static string? NextLink(byte[] body, Uri current)
    {
        var key = "\"@odata.nextLink\":\""u8;
        int at = body.AsSpan().LastIndexOf(key);
        if (at < 0)
            return null;
        int start = at + key.Length;
        int end = body.AsSpan(start).IndexOf((byte)'"');
        string link = Encoding.UTF8.GetString(body, start, end).Replace("\\/", "/", StringComparison.Ordinal);
        return new Uri(current, link).ToString();
    }
}
