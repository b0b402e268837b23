using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.Tests.Support;

/// <summary>
/// The real server (Program) in sandbox mode over a given sandbox and mirror (a SQLite file, or a <see cref="TestMirror"/>
/// on either provider). The scheduled sync jobs are removed: tests sync explicitly, so the mirror changes only when a
/// test says so. The type argument only names the server's assembly: <c>Program</c> itself is ambiguous here because
/// the sandbox's runnable host has one too.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<HarvestOData.Server.OData.Routing.ODataRequestHandler>
{
    private readonly HarvestSandbox _sandbox;
    private readonly int _pageSize;
    private readonly Dictionary<string, string?> _settings;

    public ServerFactory(HarvestSandbox sandbox, string mirrorPath, int pageSize, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _sandbox = sandbox;
        _pageSize = pageSize;
        _settings = new Dictionary<string, string?> { ["Mirror:ConnectionString"] = $"Data Source={mirrorPath}" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public ServerFactory(HarvestSandbox sandbox, TestMirror mirror, int pageSize, IReadOnlyDictionary<string, string?>? settings = null)
        : this(sandbox, "", pageSize, mirror.Settings.Concat(settings ?? new Dictionary<string, string?>()).ToDictionary())
    {
    }

    /// <summary>Creates the mirror's tables and runs one full sync from the sandbox, as the scheduled jobs would.</summary>
    public Task SyncAsync() => SyncAsync(Services);

    /// <inheritdoc cref="SyncAsync()"/>
    public static async Task SyncAsync(IServiceProvider services)
    {
        await services.GetRequiredService<MirrorSchema>().EnsureCreatedAsync();
        var report = await services.GetRequiredService<SyncRun>().RunAsync(new SyncRunRequest());
        if (!report.Succeeded)
            throw new InvalidOperationException("The test mirror did not sync: " + string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("OData:PageSize", _pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<HarvestSandbox>();
            services.AddSingleton(_sandbox);
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                         && (d.ImplementationType?.FullName ?? d.ImplementationFactory?.Method.ReturnType.FullName ?? "").Contains("Hangfire", StringComparison.Ordinal)).ToList())
                services.Remove(hosted);
        });
    }
}
