using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>Ids and whole numbers.</summary>
internal sealed class LongColumn(HarvestField field) : StructColumn<long>(field)
{
    protected override object Box(long value) => value;

    protected override long Unbox(object value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    protected override void WriteValue(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);
}
