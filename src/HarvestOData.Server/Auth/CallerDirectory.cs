using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Server.Auth;

/// <summary>
/// Who a token belongs to, asked of Harvest (<c>users/me</c>, interactive priority through the rate gate) once and
/// cached briefly. The cache is keyed by a SHA-256 of account and token, so the token itself is never kept.
/// Concurrent first requests with one token share one call.
/// </summary>
public sealed class CallerDirectory(IHarvestClientFactory clients, TimeProvider time)
{
    /// <summary>How long a confirmed token is trusted without asking Harvest again.</summary>
    public static readonly TimeSpan KnownFor = TimeSpan.FromMinutes(5);

    /// <summary>How long a refused token stays refused (short: a token just created should work soon).</summary>
    public static readonly TimeSpan RefusedFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The caller, or null when Harvest refuses the token.</summary>
    /// <exception cref="HarvestUnavailableException">Harvest could not be asked (down, throttled for too long).</exception>
    public async Task<Caller?> FindAsync(string accountId, string token, CancellationToken cancellationToken)
    {
        string key = Key(accountId, token);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
            return await entry.Lookup.WaitAsync(cancellationToken).ConfigureAwait(false);

        var fresh = new Entry(AskAsync(new HarvestCredential(accountId, token)), now + KnownFor);
        entry = _entries.AddOrUpdate(key, fresh, (_, old) => old.Expires > now ? old : fresh);
        Caller? caller;
        try
        {
            caller = await entry.Lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HarvestUnavailableException)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
        if (caller is null && ReferenceEquals(entry, fresh))
            _entries[key] = entry with { Expires = now + RefusedFor };
        if (_entries.Count > 10_000)
            Prune(now);
        return caller;
    }

    private async Task<Caller?> AskAsync(HarvestCredential credential)
    {
        try
        {
            // Not the request's token: a shared lookup must not die because its first requester went away.
            var me = await clients.Create(credential).GetMeAsync(RequestPriority.Interactive, CancellationToken.None).ConfigureAwait(false);
            return Caller.FromUser(me);
        }
        catch (HarvestApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is HarvestApiException or HttpRequestException or TaskCanceledException or TimeoutException)
        {
            throw new HarvestUnavailableException(e is HarvestApiException api ? api.RetryAfter : null);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var pair in _entries)
        {
            if (pair.Value.Expires <= now)
                _entries.TryRemove(pair);
        }
    }

    private static string Key(string accountId, string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(accountId + "\n" + token)));

    private sealed record Entry(Task<Caller?> Lookup, DateTimeOffset Expires);
}

/// <summary>Harvest could not confirm a token right now; the request is answered 503, not 401.</summary>
public sealed class HarvestUnavailableException(TimeSpan? retryAfter) : Exception("Harvest could not confirm the token right now.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
