using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror;

public static class MirrorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store (<see cref="MirrorDatabase"/>, <see cref="MirrorSchema"/>, <see cref="MirrorReader"/>,
    /// <see cref="SyncStateStore"/>) and the sync engine (<see cref="SyncPass"/>, <see cref="ReconcilePass"/>,
    /// <see cref="SyncRun"/>). Validates <c>Mirror:*</c> and <c>Sync:*</c> now, throwing
    /// <see cref="OptionsValidationException"/> naming the key. Needs an <c>IHarvestClient</c> (AddHarvestClient).
    /// </summary>
    public static IServiceCollection AddMirror(this IServiceCollection services, IConfiguration configuration)
    {
        var (mirror, sync) = MirrorConfiguration.Read(configuration);
        services.TryAddSingleton(mirror);
        services.TryAddSingleton(Options.Create(mirror));
        services.TryAddSingleton(Options.Create(sync));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MirrorDatabase>();
        services.TryAddSingleton<MirrorSchema>();
        services.TryAddSingleton<MirrorReader>();
        services.TryAddSingleton<SyncStateStore>();
        services.TryAddSingleton<SyncLease>();
        services.TryAddSingleton<SyncPass>();
        services.TryAddSingleton<ReconcilePass>();
        services.TryAddSingleton<MirrorVerification>();
        services.TryAddSingleton<SyncRun>();
        services.AddHostedService<MirrorInitializer>();
        return services;
    }
}

/// <summary>Creates (or rebuilds) the mirror's schema when the host starts, before the scheduler's first firing.</summary>
internal sealed class MirrorInitializer(MirrorSchema schema) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => schema.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
