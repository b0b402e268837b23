using System.Reflection;
using System.Text.Json;
using HarvestOData.Harvest.Reports;
using HarvestOData.Server.OData.Model;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Reports;

/// <summary>One column of a report's rows: its EDM property, the SQL column of the report's statement, how it is written.</summary>
public sealed class ReportColumn(IEdmStructuralProperty property, ValueKind kind)
{
    public IEdmStructuralProperty Property { get; } = property;

    public string Name => Property.Name;

    /// <summary>The report statement names its result columns after the properties.</summary>
    public string Sql => Query.SqlContext.Quote(Property.Name);

    public ValueKind Kind { get; } = kind;

    public JsonEncodedText JsonName { get; } = JsonEncodedText.Encode(property.Name);
}

/// <summary>
/// One of Harvest's ten reports as an unbound OData function (<c>TimeReportClients(From=…,To=…)</c>): its function and
/// import, the complex type of its rows (the properties of the report's row record in <c>HarvestOData.Harvest.Reports</c>,
/// which name Harvest's fields in PascalCase) and the columns the report's SQL produces.
/// </summary>
public sealed class ReportFunction
{
    public const string From = "From";
    public const string To = "To";
    public const string IncludeFixedFee = "IncludeFixedFee";
    public const string IsActive = "IsActive";

    internal ReportFunction(ReportKind kind, string name, EdmComplexType rowType, IReadOnlyList<ReportColumn> columns, EdmFunction function)
    {
        Kind = kind;
        Name = name;
        RowType = rowType;
        Columns = columns;
        Function = function;
    }

    public ReportKind Kind { get; }

    public string Name { get; }

    public EdmComplexType RowType { get; }

    public IReadOnlyList<ReportColumn> Columns { get; }

    public EdmFunction Function { get; }

    public bool HasWindow => Kind != ReportKind.ProjectBudget;

    public bool IsTimeReport => Kind is ReportKind.TimeClients or ReportKind.TimeProjects or ReportKind.TimeTasks or ReportKind.TimeTeam;

    public ReportColumn? FindColumn(IEdmProperty property) => Columns.FirstOrDefault(c => c.Property == property);

    public override string ToString() => Name;

    /// <summary>
    /// The EDM type of a row record's property, as the catalog types the same value: ids and counts Edm.Int64, hours and
    /// money Edm.Decimal (Scale variable, as ColumnMap does), flags Edm.Boolean, text Edm.String; nullable exactly where
    /// the record is (money and currency hidden from some roles, a user's capacity or avatar).
    /// </summary>
    internal static (IEdmPrimitiveTypeReference Type, ValueKind Kind) EdmTypeOf(PropertyInfo property, NullabilityInfoContext nullability)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        bool nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null
            || (!property.PropertyType.IsValueType && nullability.Create(property).ReadState == NullabilityState.Nullable);
        var core = EdmCoreModel.Instance;
        if (type == typeof(long) || type == typeof(int))
            return (core.GetInt64(nullable), ValueKind.Int64);
        if (type == typeof(decimal))
            return (core.GetDecimal(precision: 28, scale: null, nullable), ValueKind.Decimal);
        if (type == typeof(bool))
            return (core.GetBoolean(nullable), ValueKind.Boolean);
        if (type == typeof(string))
            return (core.GetString(nullable), ValueKind.Text);
        throw new InvalidOperationException($"No EDM type for {property.DeclaringType?.Name}.{property.Name} ({type.Name}).");
    }
}
