using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>Hours, money and quantities, served as JSON numbers.</summary>
internal sealed class DecimalColumn(HarvestField field) : StructColumn<decimal>(field)
{
    protected override object Box(decimal value) => value;

    protected override decimal Unbox(object value) => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

    protected override void WriteValue(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(value);
}
