using System.IO.Compression;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// A <see cref="Utf8JsonWriter"/> straight on the response pipe (gzip-wrapped when the client accepts it), flushed to
/// the socket every 32 KB. The threshold counts <c>BytesCommitted + BytesPending</c>: on a pipe the writer advances as it
/// grows, so <c>BytesPending</c> alone stays small and nothing would be sent until the end.
/// </summary>
public sealed class JsonOutput : IAsyncDisposable
{
    private const long FlushEvery = 32 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly PipeWriter _pipe;
    private readonly Stream? _gzip;
    private long _flushedAt;

    private JsonOutput(PipeWriter pipe, Stream? gzip)
    {
        _pipe = pipe;
        _gzip = gzip;
        Json = new Utf8JsonWriter(pipe, Options);
    }

    public Utf8JsonWriter Json { get; }

    public static JsonOutput Start(HttpResponse response, bool gzip)
    {
        if (!gzip)
            return new JsonOutput(response.BodyWriter, null);
        response.Headers.ContentEncoding = "gzip";
        response.Headers.Append("Vary", "Accept-Encoding");
        var stream = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        return new JsonOutput(PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)), stream);
    }

    public static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));

    /// <summary>Sends what is buffered once enough has accumulated; call between entities.</summary>
    public ValueTask FlushIfDueAsync(CancellationToken cancellationToken)
    {
        if (Json.BytesCommitted + Json.BytesPending - _flushedAt < FlushEvery)
            return ValueTask.CompletedTask;
        return FlushAsync(cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Json.Flush();
        _flushedAt = Json.BytesCommitted;
        await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Json.Flush();
        await _pipe.FlushAsync().ConfigureAwait(false);
        if (_gzip is not null)
        {
            await _pipe.CompleteAsync().ConfigureAwait(false);
            await _gzip.DisposeAsync().ConfigureAwait(false);
        }
        await Json.DisposeAsync().ConfigureAwait(false);
    }
}
