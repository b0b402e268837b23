using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>
/// A JSON array of strings (<c>access_roles</c>). Kept as an array so it renders exactly; crosses into
/// <see cref="HarvestRecord"/> joined with <see cref="HarvestField.ListSeparator"/> as the mirror stores it.
/// </summary>
internal sealed class ListColumn(HarvestField field) : Column(field)
{
    private string[]?[] _values = [];

    public string[]? this[int row]
    {
        get => _values[row];
        set => _values[row] = value;
    }

    public override void Grow(int capacity) => Array.Resize(ref _values, capacity);

    public override bool IsNull(int row) => _values[row] is null;

    public override object? Get(int row) => _values[row] is { } items ? string.Join(HarvestField.ListSeparator, items) : null;

    public override void Set(int row, object? value) => _values[row] = value switch
    {
        null => null,
        string joined => joined.Length == 0 ? [] : joined.Split(HarvestField.ListSeparator),
        IEnumerable<string> items => items.ToArray(),
        _ => throw new ArgumentException($"{Name} takes a list of strings."),
    };

    public override void Write(Utf8JsonWriter writer, int row)
    {
        var items = _values[row];
        if (items is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (var item in items)
            writer.WriteStringValue(item);
        writer.WriteEndArray();
    }
}
