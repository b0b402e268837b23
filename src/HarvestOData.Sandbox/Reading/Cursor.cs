using System.Text;
using System.Text.Json;
using HarvestOData.Sandbox.Protocol;

namespace HarvestOData.Sandbox.Reading;

/// <summary>
/// Harvest's keyset cursor: base64 of <c>{"after":{"id":3007}}</c> (docs/harvest.md#paging). <c>before</c> is the same
/// thing backwards, for <c>links.previous</c>.
/// </summary>
internal sealed record Cursor(bool After, long Id)
{
    public string Encode()
    {
        string json = $"{{\"{(After ? "after" : "before")}\":{{\"id\":{Id}}}}}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    public static Cursor Decode(string text)
    {
        try
        {
            string base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64));
            var root = document.RootElement;
            foreach (var direction in new[] { "after", "before" })
            {
                if (root.TryGetProperty(direction, out var position) && position.TryGetProperty("id", out var id) && id.TryGetInt64(out long value))
                    return new Cursor(direction == "after", value);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            // Falls through to the refusal below.
        }
        throw SandboxProblem.Invalid("The cursor is invalid.");
    }
}
