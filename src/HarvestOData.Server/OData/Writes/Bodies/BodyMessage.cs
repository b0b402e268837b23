using Microsoft.OData;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>A request body handed to <see cref="ODataMessageReader"/>: the bytes and the headers that decide how they are read.</summary>
internal sealed class BodyMessage(byte[] body, string contentType, string? odataVersion, Uri url, string method) : IODataRequestMessage
{
    private readonly Dictionary<string, string> _headers = Headers(contentType, odataVersion);

    IEnumerable<KeyValuePair<string, string>> IODataRequestMessage.Headers => _headers;

    public Uri Url { get; set; } = url;

    public string Method { get; set; } = method;

    public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

    public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

    public Stream GetStream() => new MemoryStream(body, writable: false);

    private static Dictionary<string, string> Headers(string contentType, string? odataVersion)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType };
        if (odataVersion is not null)
            headers["OData-Version"] = odataVersion;
        return headers;
    }
}
