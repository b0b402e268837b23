using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>Headers every OData answer carries: exactly one <c>OData-Version: 4.0</c> (a duplicate broke Power Query, go-odata#874).</summary>
public static class ODataHeaders
{
    public const string Version = "OData-Version";

    public static void Apply(HttpResponse response, string contentType)
    {
        response.Headers.Remove("Odata-Version");
        response.Headers[Version] = "4.0";
        response.ContentType = contentType;
    }
}
