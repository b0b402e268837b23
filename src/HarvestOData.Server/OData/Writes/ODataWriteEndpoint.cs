using HarvestOData.Harvest.Configuration;
using HarvestOData.Server.OData.Writes;
using HarvestOData.Server.OData.Writes.Batch;
using HarvestOData.Server.OData.Writes.Bodies;
using HarvestOData.Server.OData.Writes.Harvest;
using HarvestOData.Server.OData.Writes.Idempotency;
using HarvestOData.Server.OData.Writes.Mirror;
using HarvestOData.Server.OData.Writes.Operations;
using HarvestOData.Server.OData.Writes.Responses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In ASP.NET Core's own namespace, like the read endpoint's AddODataEndpoint/MapODataEndpoint.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Wiring of OData write-back (POST/PATCH/DELETE, bound actions, $batch): one line each in Program.cs.</summary>
public static class ODataWriteEndpoint
{
    /// <summary>
    /// Registers write-back (options section <c>OData:Writes</c>, validated at start). Needs the read endpoint
    /// (<c>AddODataEndpoint</c>, whose model declares the bound actions), the mirror and the Harvest client.
    /// </summary>
    public static WebApplicationBuilder AddODataWrites(this WebApplicationBuilder builder)
    {
        builder.Services.AddODataWrites();
        return builder;
    }

    public static IServiceCollection AddODataWrites(this IServiceCollection services)
    {
        services.AddValidatedOptions<WriteOptions>(WriteOptions.Section);
        services.TryAddSingleton<ODataBodyReader>();
        services.TryAddSingleton<HarvestCalls>();
        services.TryAddSingleton<MirrorRows>();
        services.TryAddSingleton<MirrorWriteBack>();
        services.TryAddSingleton<EntityResponder>();
        services.TryAddSingleton<WriteServices>();
        services.TryAddSingleton<WriteExecutor>();
        services.TryAddSingleton<WriteAuthenticator>();
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<IdempotencyGuard>();
        services.TryAddSingleton<BatchReads>();
        services.TryAddSingleton<BatchRunner>();
        services.TryAddSingleton<BatchJobs>();
        services.TryAddSingleton<BatchHandler>();
        services.TryAddSingleton<WriteHandler>();
        return services;
    }
}
