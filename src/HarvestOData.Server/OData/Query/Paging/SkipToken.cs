using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HarvestOData.Server.OData.Query.Paging;

/// <summary>
/// The opaque <c>$skiptoken</c> of a next link: the last row's sort values (keyset) or, for aggregated results, an
/// offset; bound to the query it came from and HMAC-signed so a client can neither forge nor transplant it.
/// </summary>
public sealed record SkipToken(IReadOnlyList<object?> Values, long Offset)
{
    public static SkipToken After(IReadOnlyList<object?> values) => new(values, 0);

    public static SkipToken AtOffset(long offset) => new([], offset);
}

/// <summary>Signs and checks <see cref="SkipToken"/>s with a per-process key (or <c>OData:SkipTokenKey</c>).</summary>
public sealed class SkipTokenProtector(byte[] key)
{
    private const int SignatureBytes = 16;

    public static SkipTokenProtector WithRandomKey() => new(RandomNumberGenerator.GetBytes(32));

    public string Protect(SkipToken token, string queryFingerprint)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(token.Offset);
            foreach (var value in token.Values)
            {
                switch (value)
                {
                    case null: json.WriteNullValue(); break;
                    case long l: json.WriteStringValue("i" + l.ToString(CultureInfo.InvariantCulture)); break;
                    case double d: json.WriteStringValue("r" + d.ToString("R", CultureInfo.InvariantCulture)); break;
                    case string s: json.WriteStringValue("s" + s); break;
                    default: throw new ArgumentException($"Unsupported skip token value {value.GetType()}.");
                }
            }
            json.WriteEndArray();
        }
        byte[] payload = buffer.WrittenSpan.ToArray();
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Sign(payload, queryFingerprint));
    }

    /// <summary>The token, or a <see cref="BadQueryException"/> when it is malformed, forged or from another query.</summary>
    public SkipToken Unprotect(string text, string queryFingerprint)
    {
        int dot = text.IndexOf('.');
        byte[] payload, signature;
        try
        {
            if (dot <= 0)
                throw new FormatException();
            payload = Base64Url.DecodeFromChars(text.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(payload, queryFingerprint)))
            throw Invalid();
        using var document = JsonDocument.Parse(payload);
        var items = document.RootElement.EnumerateArray().ToList();
        long offset = items[0].GetInt64();
        var values = items.Skip(1).Select(Read).ToList();
        return new SkipToken(values, offset);
    }

    private static object? Read(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return null;
        string text = element.GetString()!;
        return text[0] switch
        {
            'i' => long.Parse(text.AsSpan(1), CultureInfo.InvariantCulture),
            'r' => double.Parse(text.AsSpan(1), CultureInfo.InvariantCulture),
            _ => text[1..],
        };
    }

    private byte[] Sign(byte[] payload, string fingerprint)
    {
        using var hmac = new HMACSHA256(key);
        byte[] context = Encoding.UTF8.GetBytes(fingerprint + "\n");
        hmac.TransformBlock(context, 0, context.Length, null, 0);
        hmac.TransformFinalBlock(payload, 0, payload.Length);
        return hmac.Hash![..SignatureBytes];
    }

    private static BadQueryException Invalid() =>
        new("The $skiptoken is not valid for this query; follow @odata.nextLink exactly as the service sent it.");
}
