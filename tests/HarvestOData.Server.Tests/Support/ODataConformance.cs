using System.Net.Http.Headers;
using Microsoft.OData;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.Tests.Support;

/// <summary>A feed as ODataMessageReader read it: entities (property values, nested expansions), count and next link.</summary>
public sealed record Feed(List<Entity> Rows, long? Count, Uri? NextLink);

/// <summary>One entity read back: its properties by name, expanded navigations (a list, or an entity or null), its etag.</summary>
public sealed class Entity
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?> Expanded { get; } = new(StringComparer.Ordinal);

    public string? ETag { get; set; }

    public Uri? Id { get; set; }

    public object? this[string name] => Values[name];

    public long Key => (long)Values["Id"]!;
}

/// <summary>
/// Reads every response back with ODataLib's strict reader against the model the server published: a payload that
/// disagrees with <c>$metadata</c> (types, nullability, context URL, IEEE754 consistency) fails the test.
/// </summary>
public static class ODataConformance
{
    public static async Task<Feed> ReadFeedAsync(HttpResponseMessage response, IEdmModel model, string entitySet)
    {
        using var reader = await ReaderAsync(response, model);
        var set = model.EntityContainer.FindEntitySet(entitySet) ?? throw new ArgumentException($"No set {entitySet}");
        var odata = reader.CreateODataResourceSetReader(set, set.EntityType);
        var (rows, feed) = Walk(odata);
        return new Feed(rows, feed?.Count, feed?.NextPageLink);
    }

    public static async Task<Entity> ReadEntityAsync(HttpResponseMessage response, IEdmModel model, string navigationSource)
    {
        using var reader = await ReaderAsync(response, model);
        var source = (IEdmNavigationSource?)model.EntityContainer.FindEntitySet(navigationSource) ?? model.EntityContainer.FindSingleton(navigationSource);
        var odata = reader.CreateODataResourceReader(source, source!.EntityType);
        var (rows, _) = Walk(odata);
        return rows.Single();
    }

    /// <summary>A single property payload (<c>{"@odata.context":…,"value":…}</c>) of the given primitive type.</summary>
    public static async Task<object?> ReadPropertyAsync(HttpResponseMessage response, IEdmModel model, string primitiveType)
    {
        using var reader = await ReaderAsync(response, model);
        var type = (IEdmPrimitiveType)model.FindType(primitiveType)!;
        return reader.ReadProperty(new EdmPrimitiveTypeReference(type, true)).Value;
    }

    private static async Task<ODataMessageReader> ReaderAsync(HttpResponseMessage response, IEdmModel model)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var message = new ResponseMessage(body, response);
        var settings = new ODataMessageReaderSettings
        {
            MaxProtocolVersion = ODataVersion.V401,
            Validations = ValidationKinds.All,
            MessageQuotas = new ODataMessageQuotas { MaxReceivedMessageSize = long.MaxValue, MaxNestingDepth = 1000, MaxPartsPerBatch = 10, MaxOperationsPerChangeset = 10 },
        };
        return new ODataMessageReader((IODataResponseMessage)message, settings, model);
    }

    private static (List<Entity> Rows, ODataResourceSet? Feed) Walk(ODataReader reader)
    {
        var top = new List<Entity>();
        ODataResourceSet? feed = null;
        var entities = new Stack<Entity>();
        // A nested info without a resource set or resource inside is a deferred link the reader infers from metadata.
        var containers = new Stack<(string? Name, List<Entity>? List, bool[] Content)>();
        while (reader.Read())
        {
            switch (reader.State)
            {
                case ODataReaderState.ResourceSetStart when containers.Count == 0:
                    feed = (ODataResourceSet)reader.Item;
                    break;
                case ODataReaderState.ResourceSetStart:
                    containers.Peek().Content[0] = true;
                    break;
                case ODataReaderState.NestedResourceInfoStart:
                    var info = (ODataNestedResourceInfo)reader.Item;
                    containers.Push((info.Name, info.IsCollection == true ? [] : null, [false]));
                    break;
                case ODataReaderState.ResourceEnd:
                    var resource = (ODataResource?)reader.Item;
                    var entity = entities.Pop();
                    if (resource is not null)
                    {
                        foreach (var property in resource.Properties)
                            entity.Values[property.Name] = HarvestOData.Server.OData.Model.EdmValues.ValueOf(property) is ODataEnumValue e ? e.Value : HarvestOData.Server.OData.Model.EdmValues.ValueOf(property);
                        entity.ETag = resource.ETag;
                        try
                        {
                            entity.Id = resource.Id;
                        }
                        catch (ODataException)
                        {
                            entity.Id = null;
                        }
                    }
                    if (containers.Count == 0)
                    {
                        if (resource is not null)
                            top.Add(entity);
                    }
                    else
                    {
                        var (name, list, _) = containers.Peek();
                        if (list is not null)
                            list.Add(entity);
                        else
                            entities.Peek().Expanded[name!] = resource is null ? null : entity;
                    }
                    break;
                case ODataReaderState.ResourceStart:
                    if (containers.Count > 0)
                        containers.Peek().Content[0] = true;
                    entities.Push(new Entity());
                    break;
                case ODataReaderState.NestedResourceInfoEnd:
                    var (nested, items, content) = containers.Pop();
                    if (!content[0])
                        break;
                    if (items is not null)
                        entities.Peek().Expanded[nested!] = items;
                    else if (!entities.Peek().Expanded.ContainsKey(nested!))
                        entities.Peek().Expanded[nested!] = null;
                    break;
            }
        }
        return (top, feed);
    }

    private sealed class ResponseMessage(byte[] body, HttpResponseMessage response) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> _headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

        public int StatusCode { get; set; } = (int)response.StatusCode;

        public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

        public Stream GetStream() => new MemoryStream(body);
    }
}
