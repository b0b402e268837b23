using System.Data.Common;
using System.Globalization;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// The mirror's storage convention (docs/architecture.md#the-mirror): ids, integers and booleans as INTEGER, decimals as REAL, dates as
/// <c>yyyy-MM-dd</c>, timestamps as <c>yyyy-MM-ddTHH:mm:ssZ</c>, everything else as TEXT. Both directions live here
/// so the writer, the readers and the OData layer agree.
/// </summary>
public static class StoredValue
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>SQLite column type of a field type.</summary>
    public static string SqlType(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Integer or FieldType.Boolean => "INTEGER",
        FieldType.Decimal => "REAL",
        _ => "TEXT",
    };

    /// <summary>A typed <see cref="HarvestRecord"/> value as the parameter value stored in the mirror.</summary>
    public static object ToStorage(FieldType type, object? value) => value switch
    {
        null => DBNull.Value,
        long l => type == FieldType.Decimal ? (double)l : l,
        int i => type == FieldType.Decimal ? (double)i : (long)i,
        decimal d => type is FieldType.Id or FieldType.Integer ? (long)d : (double)d,
        double d => d,
        bool b => b ? 1L : 0L,
        DateOnly d => d.ToString(DateFormat, CultureInfo.InvariantCulture),
        DateTimeOffset t => Timestamp(t),
        DateTime t => Timestamp(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))),
        string s => s,
        _ => value.ToString() ?? string.Empty,
    };

    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The stored value at <paramref name="ordinal"/> typed as <see cref="HarvestRecord"/> types it.</summary>
    public static object? Read(FieldType type, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
            return null;
        return type switch
        {
            FieldType.Id or FieldType.Integer => reader.GetInt64(ordinal),
            FieldType.Boolean => reader.GetInt64(ordinal) != 0,
            FieldType.Decimal => (decimal)reader.GetDouble(ordinal),
            FieldType.Date => DateOnly.ParseExact(reader.GetString(ordinal), DateFormat, CultureInfo.InvariantCulture),
            FieldType.Timestamp => ParseTimestamp(reader.GetString(ordinal)),
            _ => reader.GetString(ordinal),
        };
    }

    /// <summary>SQLite identifier quoting (catalog names are snake_case, but quoting keeps keywords such as <c>from</c> safe).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
