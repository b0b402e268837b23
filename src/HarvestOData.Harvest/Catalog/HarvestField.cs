namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// One field of a Harvest resource as the mirror stores it. Nested references (<c>time_entry.project</c>)
/// become a foreign key column (<c>project_id</c>) read from <c>project.id</c>; small value objects
/// (<c>expense.receipt</c>) are flattened into columns (<c>receipt_url</c>).
/// </summary>
/// <param name="Column">Mirror column name; also the name Harvest uses for the field in write bodies.</param>
/// <param name="Type">Type of the value.</param>
/// <param name="JsonPath">Where the value sits in Harvest's JSON: <c>["spent_date"]</c>, <c>["project","id"]</c>.</param>
/// <param name="Nullable">Whether Harvest may send null (or leave the field out).</param>
/// <param name="References">For foreign keys: the resource the id points to.</param>
/// <param name="Write">Whether the field may be written, and when it is required.</param>
public sealed record HarvestField(
    string Column,
    FieldType Type,
    IReadOnlyList<string> JsonPath,
    bool Nullable = true,
    string? References = null,
    WriteMode Write = WriteMode.ReadOnly)
{
    /// <summary>Separator of <see cref="FieldType.StringList"/> values in the mirror.</summary>
    public const string ListSeparator = ", ";

    /// <summary>PascalCase name served through OData (<c>spent_date</c> → <c>SpentDate</c>).</summary>
    public string ODataName { get; } = Naming.Pascal(Column);

    public bool IsKey => Column == "id";

    /// <summary>True when the value is read from a nested object (<c>project.id</c>, <c>receipt.url</c>).</summary>
    public bool IsNested => JsonPath.Count > 1;

    public bool IsWritable => Write != WriteMode.ReadOnly;

    public bool IsRequiredOnCreate => Write is WriteMode.Required or WriteMode.RequiredCreateOnly;

    public bool IsUpdatable => Write is WriteMode.Writable or WriteMode.Required;
}
