using HarvestOData.Server.OData.Model;
using Microsoft.AspNetCore.OData.Routing;
using Microsoft.AspNetCore.OData.Routing.Template;
using Microsoft.OData;

namespace HarvestOData.Server.OData.Routing;

/// <summary>
/// One route template for every path of the catalog's model. AspNetCoreOData's conventions expect a controller per
/// entity set and an action per kind of path; the model here is built from the catalog at start, so one template
/// matches any path below <c>/odata</c> and ODataLib's parser turns it into the library's <c>ODataPath</c> (the
/// extension point its dynamic-model sample uses). A path ODataLib refuses still matches: the action answers it as an
/// OData error instead of the framework's empty 404.
/// </summary>
public sealed class CatalogPathTemplate(ServiceModel model) : ODataSegmentTemplate
{
    public override IEnumerable<string> GetTemplates(ODataRouteOptions options)
    {
        yield return "/{**odataPath}";
    }

    public override bool TryTranslate(ODataTemplateTranslateContext context)
    {
        var http = context.HttpContext;
        try
        {
            foreach (var segment in CatalogPath.Parse(model, CatalogPath.ServiceRoot(http.Request), CatalogPath.RelativePath(http.Request)))
                context.Segments.Add(segment);
        }
        catch (ODataException e)
        {
            http.Features.Set(new CatalogPath.PathFailure(e));
        }
        return true;
    }
}
