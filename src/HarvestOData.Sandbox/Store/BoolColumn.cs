using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

internal sealed class BoolColumn(HarvestField field) : StructColumn<bool>(field)
{
    protected override object Box(bool value) => value;

    protected override bool Unbox(object value) => (bool)value;

    protected override void WriteValue(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
}
