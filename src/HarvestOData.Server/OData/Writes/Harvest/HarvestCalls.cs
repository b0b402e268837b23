using System.Net;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.OData.Writes.Harvest;

/// <summary>
/// Every call a write makes to Harvest: through the account's shared rate gate (interactive priority, so writes pass
/// queued sync pages), waiting out a throttle block only up to <see cref="WriteOptions.ThrottleWaitSeconds"/> — longer
/// blocks are answered 503 with <c>Retry-After</c> before anything is sent — and Harvest's refusals mapped to OData
/// errors: 422 → 400 with Harvest's message, 403 → 403, 404 → 404. Callers send the writes themselves with
/// <see cref="CancellationToken.None"/>: once a write has left, a client that hangs up must not leave Harvest changed and
/// the mirror not.
/// </summary>
public sealed class HarvestCalls(RateGateRegistry gates, IOptions<WriteOptions> options, TimeProvider time)
{
    public async Task<T> RunAsync<T>(WriteSession session, Func<IHarvestClient, Task<T>> call)
    {
        var blocked = gates.For(session.AccountId).BlockedUntil - time.GetUtcNow();
        if (blocked > options.Value.ThrottleWait)
        {
            throw new WriteException(503, "HarvestThrottled",
                $"Harvest is throttling this account for another {Math.Ceiling(blocked.TotalSeconds)} s; nothing was sent. Retry after that.")
            { RetryAfter = blocked };
        }
        try
        {
            return await call(session.Client).ConfigureAwait(false);
        }
        catch (HarvestApiException e)
        {
            throw Map(e);
        }
        catch (InvalidDataException e)
        {
            throw new WriteException(502, "HarvestAnswerUnreadable", "Harvest's answer could not be read: " + e.Message);
        }
    }

    public Task RunAsync(WriteSession session, Func<IHarvestClient, Task> call) =>
        RunAsync(session, async client =>
        {
            await call(client).ConfigureAwait(false);
            return true;
        });

    public static WriteException Map(HarvestApiException e) => e.Status switch
    {
        HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest => new WriteException(400, "HarvestRefused", e.Message),
        HttpStatusCode.Unauthorized => new WriteException(401, "Unauthorized", "Harvest did not accept this token."),
        HttpStatusCode.Forbidden => new WriteException(403, "Forbidden", e.Message),
        HttpStatusCode.NotFound => new WriteException(404, "NotFound", e.Message),
        HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable when e.RetryAfter is not null =>
            new WriteException(503, "HarvestThrottled", "Harvest kept throttling this account; the write was not made. Retry later.") { RetryAfter = e.RetryAfter },
        _ => new WriteException(502, "HarvestUnavailable", e.Message),
    };
}
