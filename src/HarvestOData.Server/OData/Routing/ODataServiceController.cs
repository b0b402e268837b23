using HarvestOData.Server.OData.Writes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Routing.Controllers;

namespace HarvestOData.Server.OData.Routing;

/// <summary>
/// The one controller of <c>/odata</c> (routed by <see cref="CatalogRoutingConvention"/>). Reads stream rows straight
/// from SQL to the response and writes go to Harvest as the caller, so both write the response themselves: the
/// library carries routing, the parsed path and the query options up to here.
/// </summary>
[Authorize] // the server's one authentication (Auth/HarvestAuthenticationHandler): any caller Harvest knows
public sealed class ODataServiceController(ODataRequestHandler reads, WriteHandler writes) : ODataController
{
    public Task Read() => WriteHandler.Handles(Request) ? writes.HandleAsync(HttpContext) : reads.HandleAsync(HttpContext);

    public Task Write() => writes.HandleAsync(HttpContext);
}
