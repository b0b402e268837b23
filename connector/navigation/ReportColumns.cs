using System.Reflection;

namespace HarvestOData.Connector.Navigation;

/// <summary>One column of a report's rows: the row record's property (Harvest's field in PascalCase) and its EDM type.</summary>
public sealed record ReportColumn(string Name, string EdmType, bool Nullable);

/// <summary>
/// The columns of a report row record, in the record's declared order, typed as the server's model types the same
/// properties: ids and counts Edm.Int64, hours and money Edm.Decimal, flags Edm.Boolean, text Edm.String; nullable
/// exactly where the record is (money and currency hidden from some roles, a person's capacity or avatar).
/// </summary>
public static class ReportColumns
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static IReadOnlyList<ReportColumn> Of(Type row) =>
        row.GetConstructors().Single().GetParameters()
            .Select(p => row.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{row.Name} has no property for its parameter {p.Name}."))
            .Select(Column)
            .ToList();

    private static ReportColumn Column(PropertyInfo property)
    {
        var underlying = System.Nullable.GetUnderlyingType(property.PropertyType);
        var type = underlying ?? property.PropertyType;
        bool nullable = underlying is not null
            || (!type.IsValueType && Nullability.Create(property).ReadState == NullabilityState.Nullable);
        string edm =
            type == typeof(long) || type == typeof(int) ? "Edm.Int64"
            : type == typeof(decimal) ? "Edm.Decimal"
            : type == typeof(bool) ? "Edm.Boolean"
            : type == typeof(string) ? "Edm.String"
            : throw new InvalidOperationException($"No EDM type for {property.DeclaringType?.Name}.{property.Name} ({type.Name}).");
        return new ReportColumn(property.Name, edm, nullable);
    }
}
