using HarvestOData.Server.OData.Model;
using Microsoft.OData;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// The batch response, written by ODataLib's <see cref="ODataBatchWriter"/> in the request's format: JSON
/// (<c>{"responses":[{"id","atomicityGroup","status","headers","body"}]}</c>, JSON bodies embedded) or
/// <c>multipart/mixed</c> with one <c>application/http</c> part per answer and change sets nested.
/// </summary>
public static class BatchWriter
{
    public static WriteResponse Write(ServiceModel model, BatchFormat format, IReadOnlyList<BatchOutcome> outcomes)
    {
        bool json = format == BatchFormat.Json;
        string contentType = json ? "application/json;odata.metadata=minimal;charset=utf-8" : "multipart/mixed; boundary=batchresponse_" + Guid.NewGuid().ToString("N");
        string version = json ? "4.01" : "4.0";
        using var buffer = new MemoryStream();
        var message = new ResponseMessage(buffer);
        message.SetHeader("Content-Type", contentType);
        message.SetHeader("OData-Version", version);
        var settings = new ODataMessageWriterSettings { Version = json ? ODataVersion.V401 : ODataVersion.V4, EnableMessageStreamDisposal = false };
        using (var writer = new ODataMessageWriter((IODataResponseMessage)message, settings, model.Edm))
        {
            var batch = writer.CreateODataBatchWriter();
            batch.WriteStartBatch();
            string? group = null;
            foreach (var (part, response) in outcomes)
            {
                if (part.Group != group)
                {
                    if (group is not null)
                        batch.WriteEndChangeset();
                    if (part.Group is not null)
                        batch.WriteStartChangeset(part.Group);
                    group = part.Group;
                }
                var operation = batch.CreateOperationResponseMessage(part.Id);
                operation.StatusCode = response.Status;
                foreach (var (name, value) in response.Headers)
                    operation.SetHeader(name, value);
                if (response.Body.Length > 0)
                {
                    using var stream = operation.GetStream();
                    stream.Write(response.Body);
                }
            }
            if (group is not null)
                batch.WriteEndChangeset();
            batch.WriteEndBatch();
        }
        return new WriteResponse(200) { Body = buffer.ToArray(), ContentType = contentType }.With("OData-Version", version);
    }

    /// <summary>The batch response's envelope for ODataLib: headers and the buffer it writes into.</summary>
    private sealed class ResponseMessage(Stream body) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

        public int StatusCode { get; set; } = 200;

        public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

        public Stream GetStream() => body;
    }
}
