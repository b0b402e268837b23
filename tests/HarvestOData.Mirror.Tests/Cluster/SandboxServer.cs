using HarvestOData.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Mirror.Tests.Cluster;

/// <summary>
/// The sandbox on a loopback port: the one Harvest account that several server processes call, so its counters see
/// the calls of all of them together (an embedded sandbox would give each process a Harvest of its own).
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, HarvestSandbox sandbox, Uri baseUrl)
    {
        _app = app;
        Sandbox = sandbox;
        BaseUrl = baseUrl;
    }

    public HarvestSandbox Sandbox { get; }

    /// <summary>The API root (<c>…/v2/</c>) to configure as <c>Harvest:BaseUrl</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<SandboxServer> StartAsync(HarvestSandbox sandbox)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapHarvestSandbox(sandbox);
        await app.StartAsync();
        return new SandboxServer(app, sandbox, new Uri(new Uri(app.Urls.First()), "/v2/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
