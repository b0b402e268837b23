namespace HarvestOData.Server.Cli;

/// <summary>Listens on http://localhost:5080 unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>URLS</c> says otherwise.</summary>
public static class ServerUrls
{
    public const string Default = "http://localhost:5080";

    public static WebApplicationBuilder UseDefaultUrls(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(Default);
        return builder;
    }
}
