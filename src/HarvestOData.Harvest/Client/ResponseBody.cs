using System.Buffers;
using System.Text.Json;

namespace HarvestOData.Harvest.Client;

/// <summary>
/// An answer's JSON, read into a buffer of the client's own small pool and checked to be well-formed JSON. A page of
/// 2000 rows is two megabytes or more: read as a fresh array (and parsed into a document whose index is as large) it
/// churned the large-object heap at every page; parsed from the shared array pool it left sixteen 4 MB buffers parked
/// there (8 per core). Here at most four buffers per size are kept, and a page is read row by row
/// (<see cref="HarvestPageReader"/>) without a document for the whole page.
/// </summary>
public sealed class ResponseBody : IDisposable
{
    private const int FirstSize = 64 * 1024;
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 64 * 1024 * 1024, maxArraysPerBucket: 4);

    private byte[]? _buffer;
    private readonly int _length;
    private JsonDocument? _document;

    private ResponseBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public int Length => _length;

    public ReadOnlySpan<byte> Json => (_buffer ?? throw new ObjectDisposedException(nameof(ResponseBody))).AsSpan(0, _length);

    /// <summary>The whole answer as a document (parsed on first use; for single objects, not for pages).</summary>
    public JsonElement RootElement => (_document ??= JsonDocument.Parse(_buffer.AsMemory(0, _length))).RootElement;

    /// <returns>Null for an empty body when <paramref name="mayBeEmpty"/>.</returns>
    /// <exception cref="JsonException">The body is not one well-formed JSON value (nor empty where it may be).</exception>
    public static async Task<ResponseBody?> ReadAsync(HttpContent content, bool mayBeEmpty, CancellationToken cancellationToken)
    {
        long? declared = content.Headers.ContentLength;
        byte[] buffer = Pool.Rent(declared is > 0 and < int.MaxValue / 2 ? (int)declared + 1 : FirstSize);
        int length = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = Pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    Pool.Return(buffer);
                    buffer = larger;
                }
                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                length += read;
            }
            if (length == 0 && mayBeEmpty)
            {
                Pool.Return(buffer);
                return null;
            }
            Validate(buffer.AsSpan(0, length));
            return new ResponseBody(buffer, length);
        }
        catch
        {
            Pool.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        _document?.Dispose();
        _document = null;
        if (_buffer is { } buffer)
        {
            _buffer = null;
            Pool.Return(buffer);
        }
    }

    /// <summary>Throws <see cref="JsonException"/> unless <paramref name="json"/> is exactly one JSON value: a truncated or garbled answer is retried.</summary>
    private static void Validate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
        }
        if (reader.BytesConsumed == 0)
            throw new JsonException("The answer has no JSON.");
    }
}
