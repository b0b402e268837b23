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
/// The real server (Program) in sandbox mode over a given sandbox and mirror file. The scheduled sync jobs are removed:
/// tests sync explicitly, so the mirror changes only when a test says so. The type argument only names the server's
/// assembly: <c>Program</c> itself is ambiguous here because the sandbox's runnable host has one too.
/// </summary>
public sealed class ServerFactory(HarvestSandbox sandbox, string mirrorPath, int pageSize, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<HarvestOData.Server.OData.Routing.ODataRequestHandler>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Mirror:ConnectionString", $"Data Source={mirrorPath}");
        builder.UseSetting("OData:PageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<HarvestSandbox>();
            services.AddSingleton(sandbox);
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                         && (d.ImplementationType?.FullName ?? d.ImplementationFactory?.Method.ReturnType.FullName ?? "").Contains("Hangfire", StringComparison.Ordinal)).ToList())
                services.Remove(hosted);
        });
    }
}
