using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Writes.Bodies;
using Microsoft.OData;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>
/// Reads a <c>multipart/mixed</c> batch (what Power Query sends when a URL is too long) with ODataLib's
/// <see cref="ODataBatchReader"/>; change sets become groups. Each operation's stream is read and disposed before the
/// reader moves on (ODataBatchReader throws when it is asked to read on while an operation's stream is open).
/// </summary>
public static class MultipartBatchParser
{
    public static BatchDocument Parse(ServiceModel model, byte[] body, string contentType, string serviceRoot, int maxRequests)
    {
        var message = new BodyMessage(body, contentType, null, new Uri(serviceRoot + WriteHandler.BatchSegment), "POST");
        var settings = new ODataMessageReaderSettings
        {
            MaxProtocolVersion = ODataVersion.V401,
            BaseUri = new Uri(serviceRoot),
            MessageQuotas = new ODataMessageQuotas { MaxReceivedMessageSize = Math.Max(body.Length + 1, 1024), MaxPartsPerBatch = maxRequests, MaxOperationsPerChangeset = maxRequests },
        };
        var parts = new List<BatchPart>();
        try
        {
            using var reader = new ODataMessageReader((IODataRequestMessage)message, settings, model.Edm);
            var batch = reader.CreateODataBatchReader();
            int changeset = 0;
            string? group = null;
            while (batch.Read())
            {
                switch (batch.State)
                {
                    case ODataBatchReaderState.ChangesetStart:
                        group = "changeset" + ++changeset;
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
