using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace HarvestOData.Harvest.Tests.Support;

/// <summary>What the fake Harvest saw of one call.</summary>
public sealed record RecordedCall(DateTimeOffset At, HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string? Body);

/// <summary>
/// A scripted stand-in for Harvest: records every call at the fake clock's time and answers through
/// <see cref="Answer"/> (default: an empty list envelope).
/// </summary>
public sealed class RecordingHandler(TimeProvider clock) : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    public Func<RecordedCall, int, CancellationToken, Task<HttpResponseMessage>> Answer { get; set; } =
        (_, _, _) => Task.FromResult(Json("""{"clients":[],"links":{"next":null}}"""));

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("") };
        if (retryAfter is { } wait)
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // As sent on the wire (HttpClient joins User-Agent products with spaces).
        var headers = request.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var call = new RecordedCall(clock.GetUtcNow(), request.Method, request.RequestUri!, headers,
            request.Content?.Headers.ContentType?.MediaType, body);
        int index;
        lock (_calls)
        {
            index = _calls.Count;
            _calls.Enqueue(call);
        }
        var response = await Answer(call, index, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
