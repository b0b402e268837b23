using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>Strings and clock times; with <c>raw</c>, compact JSON text written verbatim (message recipients).</summary>
internal sealed class StringColumn(HarvestField field, bool raw) : Column(field)
{
    private string?[] _values = [];

    public string? this[int row]
    {
        get => _values[row];
        set => _values[row] = value;
    }

    public override void Grow(int capacity) => Array.Resize(ref _values, capacity);

    public override bool IsNull(int row) => _values[row] is null;

    public override object? Get(int row) => _values[row];

    public override void Set(int row, object? value) => _values[row] = (string?)value;

    public override void Write(Utf8JsonWriter writer, int row)
    {
        var value = _values[row];
        if (value is null)
            writer.WriteNullValue();
        else if (raw)
            writer.WriteRawValue(value, skipInputValidation: true);
        else
            writer.WriteStringValue(value);
    }
}
