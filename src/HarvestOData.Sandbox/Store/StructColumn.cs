using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>A column of value types with a presence flag per row (null = absent).</summary>
internal abstract class StructColumn<T>(HarvestField field) : Column(field) where T : struct
{
    private T[] _values = [];
    private bool[] _present = [];

    public T this[int row]
    {
        get => _values[row];
        set
        {
            _values[row] = value;
            _present[row] = true;
        }
    }

    public T? Nullable(int row) => _present[row] ? _values[row] : null;

    public void SetNullable(int row, T? value)
    {
        _values[row] = value.GetValueOrDefault();
        _present[row] = value.HasValue;
    }

    public override void Grow(int capacity)
    {
        Array.Resize(ref _values, capacity);
        Array.Resize(ref _present, capacity);
    }

    public override bool IsNull(int row) => !_present[row];

    public override object? Get(int row) => _present[row] ? Box(_values[row]) : null;

    public override void Set(int row, object? value)
    {
        if (value is null)
            SetNullable(row, null);
        else
            this[row] = Unbox(value);
    }

    public override void Write(Utf8JsonWriter writer, int row)
    {
        if (_present[row])
            WriteValue(writer, _values[row]);
        else
            writer.WriteNullValue();
    }

    protected abstract object Box(T value);

    protected abstract T Unbox(object value);

    protected abstract void WriteValue(Utf8JsonWriter writer, T value);
}
