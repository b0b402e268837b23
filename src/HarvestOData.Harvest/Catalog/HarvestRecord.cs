namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// One row of a catalog resource, keyed by mirror column. Values are typed by <see cref="FieldType"/>:
/// Id/Integer → <see cref="long"/>, Decimal → <see cref="decimal"/>, Boolean → <see cref="bool"/>,
/// Date → <see cref="DateOnly"/>, Timestamp → <see cref="DateTimeOffset"/> (UTC), String/ClockTime/StringList/Json →
/// <see cref="string"/>; null when Harvest sent null or left the field out.
/// </summary>
public sealed class HarvestRecord(ResourceDefinition resource)
{
    public ResourceDefinition Resource { get; } = resource;

    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Embedded arrays by child resource name (<c>invoice_line_items</c> → rows, each with its parent column set).</summary>
    public Dictionary<string, List<HarvestRecord>> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>Link tables by name (<c>role_users</c> → target ids).</summary>
    public Dictionary<string, List<long>> Links { get; } = new(StringComparer.Ordinal);

    public long Id => (long)Values["id"]!;

    public object? this[string column]
    {
        get => Values.GetValueOrDefault(column);
        set => Values[column] = value;
    }

    public DateTimeOffset? UpdatedAt => Values.GetValueOrDefault("updated_at") as DateTimeOffset?;

    public override string ToString() => $"{Resource.Name}#{(Values.TryGetValue("id", out var id) ? id : "?")}";
}
