using HarvestOData.Harvest;
using HarvestOData.Harvest.RateLimiting.Postgres;
using HarvestOData.Mirror;
using HarvestOData.Sandbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Cli;

/// <summary>
/// Connects the server to Harvest: the client and its rate gate from <c>Harvest:*</c>, or — with <c>Harvest:Token</c>
/// empty — SANDBOX MODE: an embedded <see cref="HarvestSandbox"/> (registered in DI, so tests can put their own in)
/// answers in-process, and its base URL, account id and administrator token configure the client.
/// </summary>
public static class HarvestConnection
{
    public static bool IsSandboxMode(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[$"{HarvestOptions.Section}:{nameof(HarvestOptions.Token)}"]);

    public static WebApplicationBuilder AddHarvestConnection(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Several nodes on one PostgreSQL database share each account's throttle there, not one per process.
        if (MirrorConfiguration.SharedDatabase(builder.Configuration) is { } shared)
            services.AddSharedRateGate(shared);
        if (!IsSandboxMode(builder.Configuration))
        {
            services.AddHarvestClient(builder.Configuration);
            return builder;
        }
        services.TryAddSingleton(sp => new HarvestSandbox(new SandboxOptions(), sp.GetService<TimeProvider>()));
        services.AddOptions<HarvestOptions>().PostConfigure<HarvestSandbox>((options, sandbox) =>
        {
            options.BaseUrl = sandbox.BaseAddress.ToString();
            options.AccountId = sandbox.AccountId;
            options.Token = sandbox.Administrator.Token;
            // Stay under the sandbox's own throttle, whatever it was configured with.
            options.RateLimit.Requests = sandbox.Options.RateLimitRequests;
            options.RateLimit.WindowSeconds = sandbox.Options.RateLimitWindowSeconds;
        });
        services.AddHarvestClient(builder.Configuration, sp => sp.GetRequiredService<HarvestSandbox>().CreateHandler());
        return builder;
    }

    /// <summary>In sandbox mode: the demo users' tokens and the URL to paste into Excel, once the server listens.</summary>
    public static void PrintSandboxBanner(WebApplication app, TextWriter output)
    {
        if (!IsSandboxMode(app.Configuration))
            return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var sandbox = app.Services.GetRequiredService<HarvestSandbox>();
            string root = (app.Urls.FirstOrDefault() ?? ServerUrls.Default).TrimEnd('/');
            output.WriteLine($"""

                HarvestOData is running in SANDBOX MODE (Harvest:Token is empty): an embedded Harvest sandbox with demo data.
                  OData feed (Excel: Data > Get Data > From OData Feed): {root}/odata
                  Status page (sign in with the administrator token as password): {root}/
                  Demo tokens (use as the password with Basic, or as a Bearer token):
                    administrator  {sandbox.Administrator.Token}
                    manager        {sandbox.Manager.Token}
                    member         {sandbox.Member.Token}

                """);
        });
    }
}
