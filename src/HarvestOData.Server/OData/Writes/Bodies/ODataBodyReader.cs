using HarvestOData.Server.OData.Model;
using Microsoft.OData;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// Reads a POST or PATCH body with ODataLib's <see cref="ODataMessageReader"/> against the served model, strictly: an
/// undeclared property, a wrong type, a null into a non-nullable property, a duplicate, malformed JSON are all 400s
/// naming the property where one is at fault. OData 4.01 bodies are accepted (<c>MaxProtocolVersion</c> 4.01), with
/// the short control names rewritten first (<see cref="DeltaSyntax"/>). Int64 and Decimal values are accepted as JSON
/// numbers or as strings, whatever the content type says (<see cref="NumericStrings"/>).
/// </summary>
public sealed class ODataBodyReader(ServiceModel model)
{
    public BodyNode Read(WriteRequest request, EntitySetMap set, string serviceRoot)
    {
        string contentType = request.Header("Content-Type") ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new WriteException(415, "UnsupportedMediaType", "Write bodies are JSON: send Content-Type: application/json.");
        if (request.Body.IsEmpty)
            throw WriteException.BadBody($"The body is empty; send a JSON object with the {set.Type.Name}'s properties.");
        byte[] sent = DeltaSyntax.Normalize(request.Body.ToArray());
        byte[] body = NumericStrings.Quote(sent, set);
        var settings = new ODataMessageReaderSettings
        {
            MaxProtocolVersion = ODataVersion.V401,
            Validations = ValidationKinds.All,
            BaseUri = new Uri(serviceRoot),
            MessageQuotas = new ODataMessageQuotas { MaxReceivedMessageSize = Math.Max(body.Length + 1, 1024), MaxNestingDepth = 16 },
        };
        var message = new BodyMessage(body, NumericStrings.ContentType(contentType), request.Header("OData-Version"), new Uri(new Uri(serviceRoot), request.Path), request.Method);
        try
        {
            using var reader = new ODataMessageReader((IODataRequestMessage)message, settings, model.Edm);
            var resources = reader.CreateODataResourceReader(set.NavigationSource, set.Type);
            return Walk(resources);
        }
        catch (ODataException e)
        {
            if (BodyTypeCheck.FindMisfit(sent, set, model) is { } misfit)
                throw WriteException.BadBody(misfit.Problem, misfit.Property);
            throw WriteException.BadBody(e.Message, PropertyNamedIn(e.Message));
        }
    }

    private static BodyNode Walk(ODataReader reader)
    {
        BodyNode? root = null;
        var stack = new Stack<object>();
        while (reader.Read())
        {
            switch (reader.State)
            {
                case ODataReaderState.ResourceStart:
                case ODataReaderState.DeletedResourceStart:
                    var node = new BodyNode();
                    if (stack.Count == 0)
                        root = node;
                    else if (reader.State == ODataReaderState.ResourceStart)
                        ((BodyNested)stack.Peek()).Items.Add(node);
                    stack.Push(node);
                    break;
                case ODataReaderState.ResourceEnd:
                    ((BodyNode)stack.Pop()).Resource = (ODataResource?)reader.Item
                        ?? throw WriteException.BadBody("An entity in the body is null.");
                    break;
                case ODataReaderState.DeletedResourceEnd:
                    stack.Pop();
                    ((BodyNested)stack.Peek()).Removed.Add((ODataDeletedResource)reader.Item);
                    break;
                case ODataReaderState.NestedResourceInfoStart:
                    var info = (ODataNestedResourceInfo)reader.Item;
                    var nested = new BodyNested(info.Name, info.IsCollection == true);
                    ((BodyNode)stack.Peek()).Nested.Add(nested);
                    stack.Push(nested);
                    break;
                case ODataReaderState.NestedResourceInfoEnd:
                    stack.Pop();
                    break;
                case ODataReaderState.DeltaResourceSetStart:
                    ((BodyNested)stack.Peek()).IsDelta = true;
                    break;
                case ODataReaderState.EntityReferenceLink:
                    ((BodyNested)stack.Peek()).References.Add(((ODataEntityReferenceLink)reader.Item).Url);
                    break;
                case ODataReaderState.DeltaLink:
                case ODataReaderState.DeltaDeletedLink:
                    throw WriteException.BadBody("Delta links are not supported in write bodies.");
            }
        }
        return root ?? throw WriteException.BadBody("The body holds no entity.");
    }

    /// <summary>The quoted property name in ODataLib's message ("The property 'Foo' does not exist…"), if it names one.</summary>
    private static string? PropertyNamedIn(string message)
    {
        foreach (string marker in new[] { "property '", "property named '", "name '" })
        {
            int start = message.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (start < 0)
                continue;
            start += marker.Length;
            int end = message.IndexOf('\'', start);
            if (end > start)
                return message[start..end];
        }
        return null;
    }
}
