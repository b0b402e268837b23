using HarvestOData.Harvest.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HarvestOData.Server.Cli;

/// <summary>
/// Tells <c>sync --once</c> when Harvest holds the account (<c>Retry-After</c>), so a long hold is announced with the
/// time it resumes, and bounded by <c>--max-wait</c>, instead of a silent wait. The rate gate calls this while holding
/// its own lock: <see cref="Held"/> handlers must return at once.
/// </summary>
public sealed class ThrottleWaits : IRateGateObserver
{
    /// <summary>Harvest asked to wait <c>retryAfter</c> (the first argument: when the hold ends).</summary>
    public event Action<DateTimeOffset, TimeSpan>? Held;

    /// <summary>Registers the observer for a <c>sync --once</c> host (no status page observes the gate there).</summary>
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<ThrottleWaits>();
        services.TryAddSingleton<IRateGateObserver>(sp => sp.GetRequiredService<ThrottleWaits>());
    }

    public void OnSend(string accountId, DateTimeOffset at)
    {
    }

    public void OnThrottle(string accountId, DateTimeOffset at, TimeSpan retryAfter) => Held?.Invoke(at + retryAfter, retryAfter);
}
