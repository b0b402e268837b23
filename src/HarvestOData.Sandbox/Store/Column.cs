using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>
/// One field of a <see cref="Table"/> stored as a typed array indexed by row, so a million time entries cost a few
/// hundred bytes each instead of a dictionary per row. Values cross the boundary typed as the catalog says
/// (<see cref="HarvestRecord"/>): long, decimal, bool, DateOnly, DateTimeOffset (UTC), string.
/// </summary>
internal abstract class Column(HarvestField field)
{
    public HarvestField Field { get; } = field;

    public string Name => Field.Column;

    public abstract void Grow(int capacity);

    public abstract bool IsNull(int row);

    public abstract object? Get(int row);

    /// <summary>Stores a catalog-typed value (or null); the caller has coerced it already.</summary>
    public abstract void Set(int row, object? value);

    /// <summary>Writes the value as Harvest's JSON does (null included).</summary>
    public abstract void Write(Utf8JsonWriter writer, int row);

    public static Column For(HarvestField field) => field.Type switch
    {
        FieldType.Id or FieldType.Integer => new LongColumn(field),
        FieldType.Decimal => new DecimalColumn(field),
        FieldType.Boolean => new BoolColumn(field),
        FieldType.Date => new DateColumn(field),
        FieldType.Timestamp => new TimestampColumn(field),
        FieldType.StringList => new ListColumn(field),
        FieldType.Json => new StringColumn(field, raw: true),
        _ => new StringColumn(field, raw: false),
    };
}
