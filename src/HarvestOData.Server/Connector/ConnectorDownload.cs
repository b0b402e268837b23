using System.Reflection;

// In ASP.NET Core's namespace, as MapX extensions customarily are.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Serves the Power Query connector built from <c>connector/</c> and embedded in the server at build time
/// (<c>EmbedConnectorMez</c> in the project file), so the file users download always matches the server they run.
/// No authentication: the connector holds no secret, and people fetch it before they have set anything up.
/// </summary>
public static class ConnectorDownload
{
    public const string Path = "/connector/HarvestOData.mez";
    public const string ResourceName = "HarvestOData.mez";

    private static readonly Lazy<byte[]?> Mez = new(Load);

    /// <summary>The embedded connector; null if the server was built without it.</summary>
    public static byte[]? Bytes => Mez.Value;

    public static IEndpointRouteBuilder MapConnectorDownload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, () => Bytes is { } mez
            ? Results.File(mez, "application/octet-stream", "HarvestOData.mez")
            : Results.Problem("This server was built without the Power Query connector.", statusCode: StatusCodes.Status404NotFound));
        return endpoints;
    }

    private static byte[]? Load()
    {
        using var stream = typeof(ConnectorDownload).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
            return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
