using System.Text.Json;
using HarvestOData.Server.OData.Query.Apply;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query.Select;

/// <summary>
/// One <c>$compute</c> alias in a result row. It is a dynamic property, so its <c>@odata.type</c> goes with it wherever
/// JSON alone would not tell the type (ODataLib and strict clients read Int64, Decimal and dates from the annotation).
/// </summary>
public sealed class ComputedColumn(string name, IEdmTypeReference? type, int ordinal)
{
    public string Name { get; } = name;

    public JsonEncodedText JsonName { get; } = JsonEncodedText.Encode(name);

    public JsonEncodedText TypeAnnotationName { get; } = JsonEncodedText.Encode(name + "@odata.type");

    public ResultKind Kind { get; } = ResultColumn.KindOf(type);

    /// <summary><c>#Decimal</c>, <c>#Date</c> …, or null for strings, booleans and doubles, which JSON tells apart itself.</summary>
    public string? TypeAnnotation { get; } = type?.Definition is IEdmPrimitiveType primitive && primitive.PrimitiveKind is not
        (EdmPrimitiveTypeKind.String or EdmPrimitiveTypeKind.Boolean or EdmPrimitiveTypeKind.Double)
        ? "#" + primitive.Name
        : null;

    public int Ordinal { get; } = ordinal;
}
