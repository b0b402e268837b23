using HarvestOData.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.Writes.Tests.Support;

/// <summary>
/// The real server (Program, write-back included) in sandbox mode over a given sandbox and mirror file, with the
/// scheduled sync jobs removed (tests sync explicitly, so the mirror changes only through writes and explicit syncs).
/// </summary>
public sealed class WriteServerFactory(HarvestSandbox sandbox, string mirrorPath, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<HarvestOData.Server.OData.Writes.WriteHandler>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Mirror:ConnectionString", $"Data Source={mirrorPath}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<HarvestSandbox>();
            services.AddSingleton(sandbox);
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                         && (d.ImplementationType?.FullName ?? d.ImplementationFactory?.Method.ReturnType.FullName ?? "").Contains("Quartz", StringComparison.Ordinal)).ToList())
                services.Remove(hosted);
        });
    }
}
