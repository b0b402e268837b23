using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HarvestOData.Harvest.RateLimiting.Postgres;

public static class PostgresRateGateRegistration
{
    /// <summary>
    /// Keeps every Harvest account's rate gate state in the PostgreSQL database <paramref name="connectionString"/> names,
    /// so every node on it shares one throttle per account. Call before <c>AddHarvestClient</c> or after: the registry
    /// picks the store factory up either way.
    /// </summary>
    /// <remarks>
    /// An unanswered call of a node killed mid-call counts for <c>Harvest:RequestTimeoutSeconds</c> past its window: by
    /// then a living node would have had its answer or given up.
    /// </remarks>
    public static IServiceCollection AddSharedRateGate(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton<IRateGateStoreFactory>(sp => new PostgresRateGateStores(connectionString,
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<HarvestOptions>>().Value.RequestTimeoutSeconds)));
        return services;
    }
}
