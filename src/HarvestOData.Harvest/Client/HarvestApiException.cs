using System.Net;

namespace HarvestOData.Harvest.Client;

/// <summary>
/// Harvest answered with an error the client does not retry (4xx other than 429), or retries ran out.
/// <see cref="Message"/> carries Harvest's own <c>message</c> when it sent one (422).
/// </summary>
public sealed class HarvestApiException(HttpStatusCode status, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>For 429/503 that outlasted the caller's patience: how long Harvest asked to wait.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
