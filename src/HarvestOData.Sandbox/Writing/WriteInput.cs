namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// What a write asks for, already typed as the catalog says: field values by column, link arrays
/// (<c>user_ids</c>) and embedded items (<c>line_items</c>) by child resource.
/// </summary>
internal sealed class WriteInput
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<long>> Links { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<ItemInput>> Items { get; } = new(StringComparer.Ordinal);

    public bool Has(string column) => Values.ContainsKey(column);
}

/// <summary>One embedded item of a write: no id = new, id = change, id + <c>_destroy</c> = remove.</summary>
internal sealed class ItemInput
{
    public long? Id { get; init; }

    public bool Destroy { get; init; }

    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);
}
