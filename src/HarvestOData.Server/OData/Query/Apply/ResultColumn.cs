using System.Text.Json;
using HarvestOData.Server.OData.Model;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query.Apply;

public enum ResultKind
{
    Int64,
    Decimal,
    Double,
    Boolean,
    Text,
}

/// <summary>
/// One property of an aggregated row: a grouped property (nested under its navigation path, <c>Project/Name</c> →
/// <c>{"Project":{"Name":…}}</c>) or an aggregate alias.
/// </summary>
public sealed class ResultColumn(IReadOnlyList<string> path, ResultKind kind, int ordinal)
{
    /// <summary>Navigation names then the property name.</summary>
    public IReadOnlyList<string> Path { get; } = path;

    public string Key { get; } = string.Join("/", path);

    public JsonEncodedText Name { get; } = JsonEncodedText.Encode(path[^1]);

    public ResultKind Kind { get; } = kind;

    public int Ordinal { get; } = ordinal;

    /// <summary>After <c>concat</c>: the branches whose rows have this property (others leave it out), or null for all rows.</summary>
    public IReadOnlySet<int>? Branches { get; init; }

    /// <summary>The EDM primitive type when known (None for untyped aliases): PostgreSQL sorts a String column by code point.</summary>
    public EdmPrimitiveTypeKind Primitive { get; init; } = EdmPrimitiveTypeKind.None;

    /// <summary>SQL name of the column in the aggregated subquery (<c>c0</c>, <c>c1</c> …).</summary>
    public string SqlName => "c" + Ordinal;

    /// <summary>How a value of an EDM type is read from SQLite and written (dates and strings are text).</summary>
    public static ResultKind KindOf(IEdmTypeReference? type)
    {
        if (type is null || !type.IsPrimitive())
            return ResultKind.Text;
        return type.AsPrimitive().PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte => ResultKind.Int64,
            EdmPrimitiveTypeKind.Decimal => ResultKind.Decimal,
            EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single => ResultKind.Double,
            EdmPrimitiveTypeKind.Boolean => ResultKind.Boolean,
            _ => ResultKind.Text,
        };
    }

    public static ResultKind KindOf(ValueKind kind) => kind switch
    {
        ValueKind.Int64 => ResultKind.Int64,
        ValueKind.Decimal => ResultKind.Decimal,
        ValueKind.Boolean => ResultKind.Boolean,
        _ => ResultKind.Text,
    };
}
