using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Model;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Writes.Actions;

/// <summary>
/// Declares every <see cref="BoundAction"/> in the EDM model as a bound action returning its entity (so <c>$metadata</c>
/// lists them and the URL parser resolves <c>TimeEntries(5)/Stop</c>). <see cref="ServiceModelBuilder"/> calls it while
/// building the model, so the model is complete before anyone reads it. Idempotent: declaring twice adds nothing.
/// </summary>
public static class ActionDeclarations
{
    public const string BindingParameter = "bindingParameter";

    private static readonly Lock Gate = new();

    /// <param name="typeOf">The entity type of a resource in this model; null when the model does not serve it.</param>
    public static void Declare(EdmModel edm, Func<ResourceDefinition, IEdmEntityType?> typeOf)
    {
        ArgumentNullException.ThrowIfNull(edm);
        lock (Gate)
        {
            foreach (var action in BoundAction.All)
            {
                if (typeOf(action.Resource) is not { } type || IsDeclared(edm, action.Name, type))
                    continue;
                var entity = new EdmEntityTypeReference(type, isNullable: false);
                var declaration = new EdmAction(ServiceModel.Namespace, action.Name, entity, isBound: true,
                    entitySetPathExpression: new EdmPathExpression(BindingParameter));
                declaration.AddParameter(BindingParameter, entity);
                edm.AddElement(declaration);
            }
        }
    }

    private static bool IsDeclared(EdmModel edm, string name, IEdmEntityType type) =>
        edm.SchemaElements.OfType<IEdmAction>().Any(a => a.Name == name && a.IsBound
            && a.Parameters.FirstOrDefault()?.Type.Definition == type);
}
