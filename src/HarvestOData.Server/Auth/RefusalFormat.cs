namespace HarvestOData.Server.Auth;

/// <summary>
/// Endpoint metadata: the body an authentication refusal gets there (<c>.WithMetadata(RefusalFormat.Html)</c>).
/// Without it, <c>/odata</c> answers OData error JSON and everything else <c>{"error":…,"message":…}</c>.
/// </summary>
public sealed class RefusalFormat
{
    /// <summary><c>{"error":{"code":…,"message":…}}</c>, what OData clients read.</summary>
    public static readonly RefusalFormat ODataError = new();

    /// <summary>A small HTML page (the status page's look), for people in a browser.</summary>
    public static readonly RefusalFormat Html = new();

    /// <summary><c>{"error":…,"message":…}</c>, for scripts.</summary>
    public static readonly RefusalFormat Json = new();

    /// <summary>HTML to a browser's page load (GET accepting <c>text/html</c>), JSON to its scripts (the job dashboard).</summary>
    public static readonly RefusalFormat HtmlForBrowsers = new();

    private RefusalFormat()
    {
    }
}
