using System.Net;
using System.Security.Cryptography;
using System.Text;
using HarvestOData.Harvest.Client;

namespace HarvestOData.Server.Auth;

/// <summary>
/// Who a token belongs to, asked of Harvest (<c>users/me</c> through the rate gate, in its bounded token-check share) once
/// and cached briefly. The cache is keyed by a SHA-256 of account and token, so the token itself is never kept.
/// Concurrent requests with one token share one lookup; a lookup whose requesters have all gone away is cancelled while
/// it still waits in the gate (no call is made at all) and finished and cached once sent (Harvest has counted it), so an
/// unknown token costs at most one call per <see cref="RefusedFor"/>; a token Harvest answers 401 for on any call is
/// forgotten at once.
/// </summary>
public sealed class CallerDirectory
{
    /// <summary>How long a confirmed token is trusted without asking Harvest again.</summary>
    public static readonly TimeSpan KnownFor = TimeSpan.FromMinutes(5);

    /// <summary>How long a refused token stays refused (short: a token just created should work soon).</summary>
    public static readonly TimeSpan RefusedFor = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IHarvestClientFactory _clients;
    private readonly TimeProvider _time;

    /// <param name="refusals">Where Harvest clients report 401s; a refused token leaves the cache at once.</param>
    public CallerDirectory(IHarvestClientFactory clients, TimeProvider time, TokenRefusals? refusals = null)
    {
        _clients = clients;
        _time = time;
        if (refusals is not null)
            refusals.Refused += credential => Forget(credential.AccountId, credential.Token);
    }

    /// <summary>The caller, or null when Harvest refuses the token.</summary>
    /// <exception cref="HarvestUnavailableException">Harvest could not be asked (down, throttled for too long).</exception>
    public async Task<Caller?> FindAsync(string accountId, string token, CancellationToken cancellationToken)
    {
        string key = Key(accountId, token);
        while (true)
        {
            Entry entry;
            bool first = false;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (!_entries.TryGetValue(key, out entry!) || entry.Expires <= now)
                {
                    entry = new Entry(now + KnownFor) { Waiters = 1 };
                    _entries[key] = entry;
                    if (_entries.Count > 10_000)
                        Prune(now);
                    first = true;
                }
                else if (!entry.Lookup.Task.IsCompleted)
                {
                    // Joined even when its first requesters have gone: if Harvest has the call, its answer is ours.
                    entry.Waiters++;
                }
                else
                {
#pragma warning disable RS0030 // the lookup has completed (checked above): reading its result cannot block
                    return entry.Lookup.Task.Result;
#pragma warning restore RS0030
                }
            }
            if (first)
                _ = LookUpAsync(key, entry, new HarvestCredential(accountId, token));
            try
            {
                return await entry.Lookup.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (entry.Lookup.Task.IsCanceled && !cancellationToken.IsCancellationRequested)
            {
                // Given up by everyone before it left the gate (no call made); this requester asks afresh.
            }
            finally
            {
                Leave(entry);
            }
        }
    }

    /// <summary>Whether the token is confirmed now without asking Harvest (a known caller, not a refusal).</summary>
    public bool IsConfirmed(string accountId, string token)
    {
        lock (_lock)
        {
#pragma warning disable RS0030 // IsCompletedSuccessfully is checked first: reading the result cannot block
            return _entries.TryGetValue(Key(accountId, token), out var entry) && entry.Expires > _time.GetUtcNow()
                && entry.Lookup.Task.IsCompletedSuccessfully && entry.Lookup.Task.Result is not null;
#pragma warning restore RS0030
        }
    }

    /// <summary>Drops a settled entry for the token: Harvest refused it on some call, so it must be asked again.</summary>
    public void Forget(string accountId, string token)
    {
        string key = Key(accountId, token);
        lock (_lock)
        {
            // A lookup still running settles itself (this report may be its own 401).
            if (_entries.TryGetValue(key, out var entry) && entry.Lookup.Task.IsCompleted)
                _entries.Remove(key);
        }
    }

    private async Task LookUpAsync(string key, Entry entry, HarvestCredential credential)
    {
        try
        {
            var me = await _clients.Create(credential).GetMeAsync(RequestPriority.Interactive, entry.Cancel.Token).ConfigureAwait(false);
            entry.Lookup.TrySetResult(Caller.FromUser(me));
        }
        catch (HarvestApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            lock (_lock)
                entry.Expires = _time.GetUtcNow() + RefusedFor;
            entry.Lookup.TrySetResult(null);
        }
        catch (OperationCanceledException) when (entry.Cancel.IsCancellationRequested)
        {
            // Every requester left: nobody is waiting for this answer.
            Settle(key, entry);
            entry.Lookup.TrySetCanceled(entry.Cancel.Token);
        }
        catch (Exception e) when (e is HarvestApiException or HttpRequestException or OperationCanceledException or TimeoutException)
        {
            // Not a refusal: the next request asks again.
            Settle(key, entry);
            entry.Lookup.TrySetException(new HarvestUnavailableException(e is HarvestApiException api ? api.RetryAfter : null));
        }
        finally
        {
            entry.Cancel.Dispose();
        }
    }

    /// <summary>
    /// The last requester gave up before Harvest answered: cancel the lookup. Still waiting in the gate, it is never
    /// sent and settles itself out of the cache; already sent, it runs to its answer (the transport lets a sent token
    /// check finish), which is cached like any other, so the token costs no second call when it comes back.
    /// </summary>
    private void Leave(Entry entry)
    {
        lock (_lock)
        {
            if (--entry.Waiters > 0 || entry.Lookup.Task.IsCompleted)
                return;
        }
        try
        {
            entry.Cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The lookup finished meanwhile.
        }
    }

    private void Settle(string key, Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                _entries.Remove(key);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries.Where(p => p.Value.Expires <= now).ToList())
            _entries.Remove(key);
    }

    private static string Key(string accountId, string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(accountId + "\n" + token)));

    private sealed class Entry(DateTimeOffset expires)
    {
        public TaskCompletionSource<Caller?> Lookup { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancel { get; } = new();

        public DateTimeOffset Expires { get; set; } = expires;

        /// <summary>Requests waiting for <see cref="Lookup"/>; guarded by the directory's lock.</summary>
        public int Waiters { get; set; }
    }
}

/// <summary>Harvest could not confirm a token right now; the request is answered 503, not 401.</summary>
public sealed class HarvestUnavailableException(TimeSpan? retryAfter) : Exception("Harvest could not confirm the token right now.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
