using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Writes.Bodies;
using Microsoft.OData;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// Reads a batch: 4.0 <c>multipart/mixed</c> (change sets as nested multiparts, what Power Query sends) with ODataLib's
/// <see cref="ODataBatchReader"/>, OData 4.01 JSON with <see cref="JsonBatchParser"/>. <c>$id</c> references stay in
/// the URLs and are resolved when the part runs (<see cref="BatchUrls"/>), against the answers before it. Each
/// operation's stream is read and disposed before the reader moves on, as ODataBatchReader requires.
/// </summary>
public static class BatchReader
{
    public static BatchDocument Parse(ServiceModel model, byte[] body, string contentType, string serviceRoot, int maxRequests)
    {
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return JsonBatchParser.Parse(body, maxRequests);
        if (!contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            throw new WriteException(415, "UnsupportedMediaType", "A batch is application/json (OData JSON batch) or multipart/mixed.");
        var message = new BodyMessage(body, contentType, null, new Uri(serviceRoot + WriteHandler.BatchSegment), "POST");
        var settings = new ODataMessageReaderSettings
        {
            MaxProtocolVersion = ODataVersion.V401,
            BaseUri = new Uri(serviceRoot),
            // Counted here instead, so a batch that is too large is a 413 naming the setting, not a parser error.
            MessageQuotas = new ODataMessageQuotas { MaxReceivedMessageSize = Math.Max(body.Length + 1, 1024), MaxPartsPerBatch = int.MaxValue, MaxOperationsPerChangeset = int.MaxValue },
        };
        var parts = new List<BatchPart>();
        try
        {
            using var reader = new ODataMessageReader((IODataRequestMessage)message, settings, model.Edm);
            var batch = reader.CreateODataBatchReader();
            int changesets = 0;
            string? group = null;
            while (batch.Read())
            {
                switch (batch.State)
                {
                    case ODataBatchReaderState.ChangesetStart:
                        group = "changeset" + ++changesets;
                        break;
                    case ODataBatchReaderState.ChangesetEnd:
                        group = null;
                        break;
                    case ODataBatchReaderState.Operation:
                        if (parts.Count >= maxRequests)
                            throw new WriteException(413, "BatchTooLarge", $"A batch may hold at most {maxRequests} requests (OData:Writes:MaxBatchRequests).");
                        parts.Add(Operation(batch.CreateOperationRequestMessage(), parts.Count, group));
                        break;
                }
            }
        }
        catch (ODataException e)
        {
            throw WriteException.BadRequest("The multipart batch could not be read: " + e.Message);
        }
        return new BatchDocument(BatchFormat.Multipart, parts);
    }

    private static BatchPart Operation(ODataBatchOperationRequestMessage operation, int index, string? group)
    {
        byte[] content;
        using (var stream = operation.GetStream())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            content = copy.ToArray();
        }
        var headers = WriteRequest.NewHeaders(operation.Headers);
        string id = operation.ContentId is { Length: > 0 } given ? given : "part" + (index + 1);
        return new BatchPart(index, id, operation.Method.ToUpperInvariant(), operation.Url.OriginalString, headers, content, group, []);
    }
}
