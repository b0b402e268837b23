using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Model;

/// <summary>How a mirror column is read and written to JSON; decided once from the catalog's <see cref="FieldType"/>.</summary>
public enum ValueKind
{
    /// <summary>INTEGER served as Edm.Int64.</summary>
    Int64,
    /// <summary>REAL served as Edm.Decimal (printed without exponent).</summary>
    Decimal,
    /// <summary>INTEGER 0/1 served as Edm.Boolean.</summary>
    Boolean,
    /// <summary>TEXT copied verbatim: strings, ISO dates and UTC timestamps.</summary>
    Text,
}

/// <summary>One structural property of the EDM model and the mirror column behind it.</summary>
public sealed class ColumnMap
{
    public ColumnMap(HarvestField field, IEdmStructuralProperty property)
    {
        Field = field;
        Property = property;
        JsonName = JsonEncodedText.Encode(property.Name);
        Kind = KindOf(field.Type);
    }

    public HarvestField Field { get; }

    public IEdmStructuralProperty Property { get; }

    public string Name => Property.Name;

    public string Column => Field.Column;

    public FieldType Type => Field.Type;

    public ValueKind Kind { get; }

    /// <summary>The property name pre-encoded for <see cref="Utf8JsonWriter"/>.</summary>
    public JsonEncodedText JsonName { get; }

    /// <summary>Whether <c>$search</c> looks into this column (free text, not dates or codes-as-JSON).</summary>
    public bool IsSearchable => Type is FieldType.String or FieldType.StringList;

    public static ValueKind KindOf(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Integer => ValueKind.Int64,
        FieldType.Decimal => ValueKind.Decimal,
        FieldType.Boolean => ValueKind.Boolean,
        _ => ValueKind.Text,
    };

    /// <summary>
    /// The EDM type of a catalog field: dates Edm.Date, timestamps Edm.DateTimeOffset, hours and money Edm.Decimal, ids Edm.Int64. Nullable when
    /// Harvest may send null, or when some role's grants reach rows of <paramref name="resource"/> without showing the
    /// field (those rows read it as null, RowScope.Source).
    /// </summary>
    public static IEdmPrimitiveTypeReference EdmTypeOf(HarvestField field, ResourceDefinition? resource = null)
    {
        bool nullable = (field.Nullable || resource?.MayHide(field.Column) == true) && !field.IsKey;
        var core = EdmCoreModel.Instance;
        return field.Type switch
        {
            FieldType.Id or FieldType.Integer => core.GetInt64(nullable),
            // Scale="Variable": Harvest sends hours with 2 decimals, rates with 4, percentages with more. EdmLib only
            // writes Variable when a precision is set; 28 digits is what System.Decimal holds.
            FieldType.Decimal => core.GetDecimal(precision: 28, scale: null, nullable),
            FieldType.Boolean => core.GetBoolean(nullable),
            FieldType.Date => core.GetDate(nullable),
            FieldType.Timestamp => core.GetDateTimeOffset(nullable),
            _ => core.GetString(nullable),
        };
    }

    public override string ToString() => $"{Name} ({Column})";
}
