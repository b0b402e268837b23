using HarvestOData.Server.OData.Protocol;

// In ASP.NET Core's own namespace, like the other Use/Map extensions, so Program.cs needs no using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Wiring of <see cref="ODataProtocolGate"/>: one line in Program.cs, before every <c>/odata</c> handler.</summary>
public static class ODataProtocolGateExtensions
{
    public static IApplicationBuilder UseODataProtocolGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (await ODataProtocolGate.PassAsync(context).ConfigureAwait(false))
                await next(context).ConfigureAwait(false);
        });
}
