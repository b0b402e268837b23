using HarvestOData.Server.OData.Model;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.AspNetCore.OData.Routing.Conventions;
using Microsoft.AspNetCore.OData.Routing.Template;

namespace HarvestOData.Server.OData.Routing;

/// <summary>Routes every <c>/odata</c> path to <see cref="ODataServiceController"/>: reads to one action, writes to the other.</summary>
public sealed class CatalogRoutingConvention(ServiceModel model) : IODataControllerActionConvention
{
    /// <summary>Before the library's own conventions, which find nothing to route here (no controller per set).</summary>
    public int Order => -1000;

    public bool AppliesToController(ODataControllerActionContext context) =>
        context.Controller.ControllerType == typeof(ODataServiceController);

    public bool AppliesToAction(ODataControllerActionContext context)
    {
        string? methods = context.Action.ActionName switch
        {
            nameof(ODataServiceController.Read) => "GET,HEAD",
            nameof(ODataServiceController.Write) => "POST,PATCH,PUT,MERGE,DELETE",
            _ => null,
        };
        if (methods is null)
            return false;
        context.Action.AddSelector(methods, context.Prefix, context.Model, new ODataPathTemplate(new CatalogPathTemplate(model)), context.Options?.RouteOptions);
        return true;
    }
}
