using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.Configuration;
using HarvestOData.Harvest.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HarvestOData.Harvest;

public static class HarvestServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HarvestOptions"/> (section <c>Harvest</c>, validated at start), the process-wide
    /// <see cref="RateGateRegistry"/>, <see cref="IHarvestClientFactory"/>, and the default <see cref="IHarvestClient"/>
    /// for the configured <c>Harvest:Token</c>.
    /// </summary>
    /// <param name="primaryHandler">
    /// Supplies the HTTP handler every client sends through (e.g. <c>sp =&gt; sandbox.CreateHandler()</c>); the host
    /// keeps ownership of it. Default: a pooled <see cref="SocketsHttpHandler"/>.
    /// </param>
    public static IServiceCollection AddHarvestClient(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, HttpMessageHandler>? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<HarvestOptions>(HarvestOptions.Section, configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RateGateRegistry(sp.GetRequiredService<IOptions<HarvestOptions>>().Value.RateLimit,
            sp.GetRequiredService<TimeProvider>(), sp.GetService<IRateGateObserver>(), sp.GetService<IRateGateStoreFactory>()));
        services.TryAddSingleton(sp => primaryHandler is null
            ? HarvestHttpHandler.CreateDefault()
            : new HarvestHttpHandler(primaryHandler(sp), ownsHandler: false));
        services.TryAddSingleton<TokenRefusals>();
        services.TryAddSingleton<IHarvestClientFactory, HarvestClientFactory>();
        services.TryAddSingleton<IHarvestClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HarvestOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.Token) || string.IsNullOrWhiteSpace(options.AccountId))
                throw new InvalidOperationException(
                    $"{HarvestOptions.Section}:Token and {HarvestOptions.Section}:AccountId must be set to use the default Harvest client.");
            return sp.GetRequiredService<IHarvestClientFactory>().Create(new HarvestCredential(options.AccountId, options.Token));
        });
        return services;
    }
}
