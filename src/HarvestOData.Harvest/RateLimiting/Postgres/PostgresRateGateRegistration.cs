using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HarvestOData.Harvest.RateLimiting.Postgres;

public static class PostgresRateGateRegistration
{
    /// <summary>
    /// Keeps every Harvest account's rate gate state in the PostgreSQL database <paramref name="connectionString"/> names,
    /// so every node on it shares one throttle per account. Call before <c>AddHarvestClient</c> or after: the registry
    /// picks the store factory up either way.
    /// </summary>
    /// <param name="requestTimeout">The Harvest client's request timeout: how long past its window an unanswered call of a killed node counts.</param>
    public static IServiceCollection AddSharedRateGate(this IServiceCollection services, string connectionString, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton<IRateGateStoreFactory>(_ => new PostgresRateGateStores(connectionString, requestTimeout));
        return services;
    }
}
