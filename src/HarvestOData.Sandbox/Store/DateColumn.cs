using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>Days without time, kept as <see cref="DateOnly.DayNumber"/> and served as <c>yyyy-MM-dd</c>.</summary>
internal sealed class DateColumn(HarvestField field) : StructColumn<int>(field)
{
    protected override object Box(int value) => DateOnly.FromDayNumber(value);

    protected override int Unbox(object value) => ((DateOnly)value).DayNumber;

    protected override void WriteValue(Utf8JsonWriter writer, int value) =>
        writer.WriteStringValue(DateOnly.FromDayNumber(value).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
