using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace HarvestOData.Server.OData.Writes.Batch;

/// <summary>The <c>multipart/mixed</c> batch response: one <c>application/http</c> part per answer, change sets nested.</summary>
public static class MultipartBatchWriter
{
    public static WriteResponse Write(IReadOnlyList<BatchOutcome> outcomes, int status = 200)
    {
        string boundary = "batchresponse_" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        for (int i = 0; i < outcomes.Count;)
        {
            string? group = outcomes[i].Part.Group;
            Append(body, $"--{boundary}\r\n");
            if (group is null)
            {
                WritePart(body, outcomes[i++]);
                continue;
            }
            string changeset = "changesetresponse_" + Guid.NewGuid().ToString("N");
            Append(body, $"Content-Type: multipart/mixed; boundary={changeset}\r\n\r\n");
            for (; i < outcomes.Count && outcomes[i].Part.Group == group; i++)
            {
                Append(body, $"--{changeset}\r\n");
                WritePart(body, outcomes[i]);
            }
            Append(body, $"--{changeset}--\r\n");
        }
        Append(body, $"--{boundary}--\r\n");
        return new WriteResponse(status) { Body = body.ToArray(), ContentType = $"multipart/mixed; boundary={boundary}" }.With("OData-Version", "4.0");
    }

    private static void WritePart(Stream body, BatchOutcome outcome)
    {
        var (part, response) = outcome;
        var head = new StringBuilder("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (part.Group is not null)
            head.Append("Content-ID: ").Append(part.Id).Append("\r\n");
        head.Append("\r\n");
        head.Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrases.GetReasonPhrase(response.Status)).Append("\r\n");
        foreach (var (name, value) in response.Headers)
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (response.Body.Length > 0)
            head.Append("Content-Length: ").Append(response.Body.Length).Append("\r\n");
        head.Append("\r\n");
        Append(body, head.ToString());
        body.Write(response.Body);
        Append(body, "\r\n");
    }

    private static void Append(Stream body, string text) => body.Write(Encoding.UTF8.GetBytes(text));
}
