using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarvestOData.Sandbox.Tests.Support;

/// <summary>Terse JSON calls for tests.</summary>
public static class Http
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> Send(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonNode> GetOk(this HttpClient client, string path)
    {
        var (status, body) = await client.Send(HttpMethod.Get, path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path} answered {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> Post(this HttpClient client, string path, object body) => client.Send(HttpMethod.Post, path, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> Patch(this HttpClient client, string path, object? body = null) => client.Send(HttpMethod.Patch, path, body ?? new { });

    public static Task<(HttpStatusCode Status, JsonNode? Body)> Delete(this HttpClient client, string path) => client.Send(HttpMethod.Delete, path);

    /// <summary>Follows links.next verbatim and returns every row of every page.</summary>
    public static async Task<List<JsonNode>> Walk(this HttpClient client, string path, string key, Func<int, Task>? afterPage = null)
    {
        var rows = new List<JsonNode>();
        string? next = path;
        for (int page = 1; next is not null; page++)
        {
            var body = await client.GetOk(next);
            rows.AddRange(body[key]!.AsArray().Select(n => n!));
            next = body["links"]!["next"]?.GetValue<string>();
            if (afterPage is not null)
                await afterPage(page);
            Assert.True(page < 10_000, "The walk does not end.");
        }
        return rows;
    }

    public static long Id(this JsonNode? node) => (node ?? throw new ArgumentNullException(nameof(node)))["id"]!.GetValue<long>();

    public static JsonContent Json(object value) => JsonContent.Create(value);
}
