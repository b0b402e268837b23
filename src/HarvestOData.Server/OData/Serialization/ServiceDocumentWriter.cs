using System.Text.Json;
using HarvestOData.Server.OData.Model;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>The service document at <c>/odata/</c>: every entity set, the singleton and the report functions, with an absolute context URL.</summary>
public static class ServiceDocumentWriter
{
    public static void Write(Utf8JsonWriter json, ServiceModel model, string serviceRoot, ResponseFormat format)
    {
        json.WriteStartObject();
        if (format.Metadata != MetadataLevel.None)
            json.WriteString("@odata.context", ContextUrl.Metadata(serviceRoot));
        json.WriteStartArray("value");
        foreach (var set in model.Sets)
        {
            json.WriteStartObject();
            json.WriteString("name", set.Name);
            json.WriteString("kind", set.IsSingleton ? "Singleton" : "EntitySet");
            json.WriteString("url", set.Name);
            json.WriteEndObject();
        }
        // Harvest's reports (OData/Reports): function imports, so clients list them with their parameters.
        foreach (var report in model.Reports)
        {
            json.WriteStartObject();
            json.WriteString("name", report.Name);
            json.WriteString("kind", "FunctionImport");
            json.WriteString("url", report.Name);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
