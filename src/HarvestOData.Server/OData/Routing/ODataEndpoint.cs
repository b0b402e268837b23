using HarvestOData.Harvest.Configuration;
using HarvestOData.Mirror;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Storage;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OData.UriParser;
using ServiceOptions = HarvestOData.Server.OData.Routing.ODataOptions;

// In ASP.NET Core's own namespace, as AddX/MapX extensions customarily are, so Program.cs wires the endpoint with one
// line each and no using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Wiring of the OData read endpoint: one line each in Program.cs.</summary>
public static class ODataEndpoint
{
    /// <summary>Registers the model, the mirror reader, caller lookup and options (section <c>OData</c>, validated at start).</summary>
    public static WebApplicationBuilder AddODataEndpoint(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ServiceOptions>(ServiceOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ServiceModel.Default);
        services.TryAddSingleton(sp => new MetadataDocument(sp.GetRequiredService<ServiceModel>()));
        services.TryAddSingleton(sp => new MirrorConnections(sp.GetRequiredService<IOptions<MirrorOptions>>().Value, sp.GetRequiredService<QueryLimits>().MaxQueryTime));
        services.AddHarvestAuthentication();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServiceOptions>>().Value;
            return new QueryLimits { MaxTop = options.MaxTop, MaxQueryTime = TimeSpan.FromSeconds(options.MaxQuerySeconds) };
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ServiceOptions>>().Value.SkipTokenKey is { Length: > 0 } key
            ? new SkipTokenProtector(Convert.FromBase64String(key))
            : SkipTokenProtector.WithRandomKey());
        services.TryAddSingleton<ODataRequestHandler>();
        var model = ServiceModel.Default;
        services.AddControllers().AddOData(odata =>
        {
            // The model is served as built from the catalog; ODataServiceController answers every path of it.
            odata.AddRouteComponents(CatalogPath.RoutePrefix, model.Edm, route => route.AddSingleton<ODataUriResolver>(new UnqualifiedODataUriResolver { EnableCaseInsensitive = true }));
            odata.Conventions.Clear();
            odata.Conventions.Add(new CatalogRoutingConvention(model));
            odata.EnableAttributeRouting = false;
            odata.EnableQueryFeatures();
        });
        return builder;
    }

    /// <summary>Maps <c>/odata</c> and everything below it (AspNetCoreOData's routing, to <see cref="ODataServiceController"/>).</summary>
    public static IEndpointRouteBuilder MapODataEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapControllers();
        return endpoints;
    }
}
