using HarvestOData.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Harvest.Tests.Support;

/// <summary>
/// The sandbox on Kestrel at 127.0.0.1 (a free port): calls cross real loopback sockets, so a dropped connection is a
/// real connection reset that <see cref="SocketsHttpHandler"/> sees, as it would with Harvest.
/// </summary>
public sealed class KestrelSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelSandbox(WebApplication app, HarvestSandbox sandbox, Uri baseUrl)
    {
        _app = app;
        Sandbox = sandbox;
        BaseUrl = baseUrl;
    }

    public HarvestSandbox Sandbox { get; }

    /// <summary>The API root, <c>http://127.0.0.1:port/v2/</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<KestrelSandbox> StartAsync(HarvestSandbox sandbox)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapHarvestSandbox(sandbox);
        await app.StartAsync();
        return new KestrelSandbox(app, sandbox, new Uri(app.Urls.First().TrimEnd('/') + "/v2/"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
