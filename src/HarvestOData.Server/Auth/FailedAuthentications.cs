using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace HarvestOData.Server.Auth;

/// <summary>
/// Failed authentications per client (remote address). Each unknown token costs a <c>users/me</c> call from the
/// account's budget, so a client that keeps presenting tokens Harvest refuses is turned away (429) before it costs
/// more: at most <see cref="MaxFailures"/> refusals in <see cref="Window"/>, and at most <see cref="MaxPending"/> of
/// its unknown tokens being checked at once. Requests that carry a token already being checked join that one check and
/// cost nothing more, so they are never held back (Power BI opens many connections with one token at once, also when
/// its confirmation has just expired). Confirmed tokens are never held back, so users sharing an address with a
/// flooding client keep working.
/// </summary>
public sealed class FailedAuthentications(TimeProvider time)
{
    /// <summary>Refused tokens a client may present within <see cref="Window"/>.</summary>
    public const int MaxFailures = 20;

    /// <summary>Unknown tokens of one client being checked with Harvest at the same time.</summary>
    public const int MaxPending = 2;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must wait before presenting <paramref name="token"/>, unknown; null when it may now.</summary>
    public TimeSpan? RetryAfter(IPAddress? address, string token)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!_clients.TryGetValue(Key(address), out var client))
                return null;
            client.Expire(now);
            if (client.Failures.Count >= MaxFailures)
                return client.Failures.Peek() + Window - now;
            return client.Pending.Count >= MaxPending && !client.Pending.ContainsKey(TokenKey(token)) ? TimeSpan.FromSeconds(1) : null;
        }
    }

    /// <summary>Marks one unknown token of <paramref name="address"/> as being checked until the result is disposed.</summary>
    public IDisposable Checking(IPAddress? address, string token)
    {
        string key = Key(address);
        string tokenKey = TokenKey(token);
        lock (_lock)
        {
            var pending = Get(key).Pending;
            pending[tokenKey] = pending.GetValueOrDefault(tokenKey) + 1;
        }
        return new Check(this, key, tokenKey);
    }

    public void Failed(IPAddress? address)
    {
        lock (_lock)
            Get(Key(address)).Failures.Enqueue(time.GetUtcNow());
    }

    private Client Get(string key)
    {
        if (!_clients.TryGetValue(key, out var client))
        {
            if (_clients.Count > 100_000)
                Prune();
            _clients[key] = client = new Client();
        }
        return client;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, client) in _clients.ToList())
        {
            client.Expire(now);
            if (client.Pending.Count == 0 && client.Failures.Count == 0)
                _clients.Remove(key);
        }
    }

    private void Done(string key, string tokenKey)
    {
        lock (_lock)
        {
            if (_clients.TryGetValue(key, out var client) && client.Pending.TryGetValue(tokenKey, out int requests))
            {
                if (requests <= 1)
                    client.Pending.Remove(tokenKey);
                else
                    client.Pending[tokenKey] = requests - 1;
            }
        }
    }

    /// <summary>Tokens are told apart by a hash; the token itself is not kept here.</summary>
    private static string TokenKey(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>IPv4-mapped IPv6 and IPv4 are one client; an unknown address (a Unix socket) is one shared client.</summary>
    private static string Key(IPAddress? address) =>
        address is null ? "?" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private sealed class Client
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        /// <summary>Unknown tokens being checked (by hash), with the requests waiting on each.</summary>
        public Dictionary<string, int> Pending { get; } = new(StringComparer.Ordinal);

        public void Expire(DateTimeOffset now)
        {
            while (Failures.Count > 0 && Failures.Peek() + Window <= now)
                Failures.Dequeue();
        }
    }

    private sealed class Check(FailedAuthentications owner, string key, string tokenKey) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                owner.Done(key, tokenKey);
        }
    }
}
