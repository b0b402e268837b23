using System.Text.Encodings.Web;
using System.Text.Json;

namespace HarvestOData.Server.OData.Writes.Responses;

/// <summary>OData error JSON as the read endpoint writes it (<c>{"error":{"code","message"}}</c>), plus <c>target</c> naming the property at fault.</summary>
public static class ErrorResponse
{
    public const string ContentType = "application/json;odata.metadata=minimal;charset=utf-8";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static WriteResponse Create(int status, string code, string message, string? target = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            if (target is not null)
                json.WriteString("target", target);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return new WriteResponse(status) { Body = buffer.ToArray(), ContentType = ContentType }.With("OData-Version", "4.0");
    }

    public static WriteResponse From(WriteException e)
    {
        var response = Create(e.Status, e.Code, e.Message, e.Target);
        if (e.RetryAfter is { } wait)
            response.Headers["Retry-After"] = WriteResponse.Seconds(wait);
        return response;
    }
}
