using System.Text.Json;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.Tests.Support;

/// <summary>
/// ODataLib's own ODataMessageWriter, the reference implementation: writes the entities a response carried so the two
/// payloads can be compared value by value (the service writes with Utf8JsonWriter for speed).
/// </summary>
public static class GoldenWriter
{
    public static string Feed(IEdmModel model, string relativeUrl, string contentType, IReadOnlyList<Entity> rows, string setName, long? count = null)
    {
        var root = new Uri("http://localhost/odata/");
        var parser = new ODataUriParser(model, root, new Uri(root, relativeUrl));
        var uri = parser.ParseUri();
        var stream = new MemoryStream();
        var message = new Message(stream);
        message.SetHeader("Content-Type", contentType);
        var settings = new ODataMessageWriterSettings { ODataUri = uri, Validations = ValidationKinds.All };
        using (var writer = new ODataMessageWriter((IODataResponseMessage)message, settings, model))
        {
            var set = model.EntityContainer.FindEntitySet(setName);
            var feed = writer.CreateODataResourceSetWriter(set, set.EntityType);
            feed.WriteStart(new ODataResourceSet { Count = count });
            foreach (var row in rows)
                Write(feed, row);
            feed.WriteEnd();
            feed.Flush();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(ODataWriter writer, Entity entity)
    {
        writer.WriteStart(new ODataResource
        {
            ETag = entity.ETag,
            Properties = entity.Values.Select(v => new ODataProperty { Name = v.Key, Value = v.Value }).ToList(),
        });
        foreach (var (name, value) in entity.Expanded)
        {
            bool collection = value is List<Entity>;
            writer.WriteStart(new ODataNestedResourceInfo { Name = name, IsCollection = collection });
            if (value is List<Entity> list)
            {
                writer.WriteStart(new ODataResourceSet());
                foreach (var item in list)
                    Write(writer, item);
                writer.WriteEnd();
            }
            else if (value is Entity single)
            {
                Write(writer, single);
            }
            else
            {
                writer.WriteStart((ODataResource?)null);
                writer.WriteEnd();
            }
            writer.WriteEnd();
        }
        writer.WriteEnd();
    }

    /// <summary>JSON equality where numbers compare by value and property order does not matter.</summary>
    public static bool SameJson(JsonElement a, JsonElement b, out string where, string path = "$")
    {
        where = path;
        if (a.ValueKind != b.ValueKind)
            return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var right = b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                if (!left.Keys.Order().SequenceEqual(right.Keys.Order()))
                {
                    where = $"{path}: keys [{string.Join(",", left.Keys.Order())}] vs [{string.Join(",", right.Keys.Order())}]";
                    return false;
                }
                foreach (var (key, value) in left)
                {
                    if (!SameJson(value, right[key], out where, path + "." + key))
                        return false;
                }
                return true;
            case JsonValueKind.Array:
                var x = a.EnumerateArray().ToList();
                var y = b.EnumerateArray().ToList();
                if (x.Count != y.Count)
                    return false;
                for (int i = 0; i < x.Count; i++)
                {
                    if (!SameJson(x[i], y[i], out where, $"{path}[{i}]"))
                        return false;
                }
                return true;
            case JsonValueKind.Number:
                return a.GetDecimal() == b.GetDecimal();
            default:
                where = $"{path}: {a.GetRawText()} vs {b.GetRawText()}";
                return a.GetRawText() == b.GetRawText();
        }
    }

    private sealed class Message(Stream stream) : IODataResponseMessage
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

        public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

        public int StatusCode { get; set; } = 200;

        public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

        public void SetHeader(string headerName, string headerValue) => _headers[headerName] = headerValue;

        public Stream GetStream() => stream;
    }
}
