using System.Globalization;
using System.Text.Json;
using HarvestOData.Server.OData.Model;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// Entity references for <c>…/$ref</c> reads: <c>{"@odata.id":"…/Projects(5)"}</c>, under the context
/// <c>$metadata#Collection($ref)</c> or <c>$metadata#$ref</c>. The id is the reference itself, so it is written even
/// with <c>odata.metadata=none</c>.
/// </summary>
public static class ReferenceWriter
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("@odata.id");

    /// <summary>A clause selecting no property: a reference needs the key only, which every row shape carries.</summary>
    public static SelectExpandClause KeysOnly { get; } = new([], false);

    public static string CollectionContext(string serviceRoot) => serviceRoot + "$metadata#Collection($ref)";

    public static void Write(Utf8JsonWriter json, string serviceRoot, EntitySetMap set, long key)
    {
        json.WriteStartObject();
        json.WriteString(Id, Link(serviceRoot, set, key));
        json.WriteEndObject();
    }

    public static void WriteSingle(Utf8JsonWriter json, string serviceRoot, EntitySetMap set, long key, bool context)
    {
        json.WriteStartObject();
        if (context)
            json.WriteString("@odata.context", serviceRoot + "$metadata#$ref");
        json.WriteString(Id, Link(serviceRoot, set, key));
        json.WriteEndObject();
    }

    private static string Link(string serviceRoot, EntitySetMap set, long key) =>
        set.IsSingleton ? serviceRoot + set.Name : $"{serviceRoot}{set.Name}({key.ToString(CultureInfo.InvariantCulture)})";
}
