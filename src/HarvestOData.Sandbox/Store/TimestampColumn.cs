using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>Instants in UTC with Harvest's second precision, kept as Unix seconds and served as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
internal sealed class TimestampColumn(HarvestField field) : StructColumn<long>(field)
{
    protected override object Box(long value) => DateTimeOffset.FromUnixTimeSeconds(value);

    protected override long Unbox(object value) => ((DateTimeOffset)value).ToUnixTimeSeconds();

    protected override void WriteValue(Utf8JsonWriter writer, long value) =>
        writer.WriteStringValue(DateTimeOffset.FromUnixTimeSeconds(value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
