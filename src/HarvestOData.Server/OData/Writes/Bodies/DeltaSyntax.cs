using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>
/// OData 4.01 lets bodies drop the <c>odata.</c> prefix of control information (<c>@removed</c>, <c>@id</c>,
/// <c>Items@delta</c>, <c>Project@bind</c>). ODataLib 7.7.2 does not know the short forms and silently reads a 4.01
/// removed entry as an upsert: a delete would turn into a change. So the short forms are rewritten to the
/// 4.0 spelling before ODataLib reads the body, and a 4.01 removed entry without <c>@id</c> is refused.
/// </summary>
public static class DeltaSyntax
{
    private static readonly string[] ShortForms = ["id", "removed", "delta", "bind", "type", "etag", "context"];

    /// <summary>The body with 4.01 short forms spelled the 4.0 way; the same array when there are none.</summary>
    public static byte[] Normalize(byte[] body)
    {
        if (!MayHaveShortForms(body))
            return body;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return body; // ODataLib reports malformed JSON with its own precise message.
        }
        if (root is null)
            return body;
        try
        {
            return Encoding.UTF8.GetBytes(Rewrite(root).ToJsonString());
        }
        catch (ArgumentException)
        {
            return body; // A duplicate property: ODataLib names it.
        }
    }

    private static bool MayHaveShortForms(byte[] body)
    {
        string text = Encoding.UTF8.GetString(body);
        return ShortForms.Any(form => text.Contains("@" + form + "\"", StringComparison.Ordinal));
    }

    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey("@removed") && !obj.ContainsKey("@id") && !obj.ContainsKey("@odata.id"))
                {
                    throw WriteException.BadBody(
                        "A removed entry (4.01 '@removed') must name the entity with '@id', e.g. {\"@removed\":{\"reason\":\"deleted\"},\"@id\":\"InvoiceLineItems(7)\"}; "
                        + "without it the entry cannot be told from a change.");
                }
                var copy = new JsonObject();
                foreach (var (name, value) in obj.ToList())
                {
                    obj.Remove(name);
                    copy[LongForm(name)] = value is null ? null : Rewrite(value);
                }
                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array.ToList())
                {
                    array.Remove(item);
                    items.Add(item is null ? null : Rewrite(item));
                }
                return items;
            default:
                return node;
        }
    }

    /// <summary><c>@id</c> → <c>@odata.id</c>, <c>Items@delta</c> → <c>Items@odata.delta</c>; anything else unchanged.</summary>
    private static string LongForm(string name)
    {
        int at = name.IndexOf('@');
        if (at < 0)
            return name;
        string term = name[(at + 1)..];
        return ShortForms.Contains(term, StringComparer.Ordinal) ? name[..(at + 1)] + "odata." + term : name;
    }
}
