using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using HarvestOData.Server.OData.Writes.Responses;

namespace HarvestOData.Server.OData.Writes.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a POST: the first request with a key runs and its definitive answer (2xx or 4xx) is kept; a
/// retry with the same key and the same request gets that answer again (<c>Idempotent-Replayed: true</c>) instead of
/// creating a second record; the same key with a different request is 422; a retry while the first still runs is 409.
/// Keys are per caller: the stored key is a hash of account, token and key.
/// </summary>
public sealed class IdempotencyGuard(IdempotencyStore store)
{
    public const string Header = "Idempotency-Key";

    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public async Task<WriteResponse> RunAsync(WriteSession session, WriteRequest request, Func<Task<WriteResponse>> execute, CancellationToken cancellationToken)
    {
        string? given = request.Header(Header);
        if (given is null || !request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
            return await execute().ConfigureAwait(false);
        if (given.Length > 255 || given.Any(c => c < 0x21 || c > 0x7e))
            return ErrorResponse.Create(400, "BadIdempotencyKey", "An Idempotency-Key is 1 to 255 printable ASCII characters without spaces.");

        var credential = session.Client.Credential;
        string key = Hash($"{credential.AccountId}\n{credential.Token}\n{given}");
        string fingerprint = Hash($"{request.Method.ToUpperInvariant()} {request.RelativeUrl}\n") + Hash(request.Body.Span);
        if (!_running.TryAdd(key, 0))
            return ErrorResponse.Create(409, "IdempotencyKeyInUse", "A request with this Idempotency-Key is still being processed; retry when it has finished.");
        try
        {
            if (await store.FindAsync(key, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                return stored.Fingerprint == fingerprint
                    ? stored.ToResponse()
                    : ErrorResponse.Create(422, "IdempotencyKeyReused", "This Idempotency-Key was already used for a different request; use a new key for a new request.");
            }
            var response = await execute().ConfigureAwait(false);
            // 5xx (Harvest down, throttled for too long) is not an answer to remember: a retry should try again.
            if (response.Status < 500)
                await store.SaveAsync(key, fingerprint, response, CancellationToken.None).ConfigureAwait(false);
            return response;
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    private static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
