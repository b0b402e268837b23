using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>The JSON batch response: <c>{"responses":[{"id","atomicityGroup","status","headers","body"}]}</c>, bodies embedded as JSON.</summary>
public static class JsonBatchWriter
{
    public const string ContentType = "application/json;odata.metadata=minimal;charset=utf-8";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static WriteResponse Write(IReadOnlyList<BatchOutcome> outcomes, int status = 200)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("responses");
            foreach (var (part, response) in outcomes)
            {
                json.WriteStartObject();
                json.WriteString("id", part.Id);
                if (part.Group is not null)
                    json.WriteString("atomicityGroup", part.Group);
                json.WriteNumber("status", response.Status);
                json.WriteStartObject("headers");
                foreach (var (name, value) in response.Headers)
                    json.WriteString(name.ToLowerInvariant(), value);
                json.WriteEndObject();
                if (response.Body.Length > 0)
                {
                    json.WritePropertyName("body");
                    if (response.IsJson)
                        json.WriteRawValue(response.Body, skipInputValidation: true);
                    else
                        json.WriteStringValue(Encoding.UTF8.GetString(response.Body));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return new WriteResponse(status) { Body = buffer.ToArray(), ContentType = ContentType }.With("OData-Version", "4.01");
    }
}
