using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Expand;

namespace HarvestOData.Server.OData.Query.Select;

/// <summary>Where each part of an entity sits in a result row, so the writer reads columns by ordinal only.</summary>
public sealed class RowShape(EntitySetMap set)
{
    public EntitySetMap Set { get; } = set;

    /// <summary>Selected properties in model order.</summary>
    public List<(ColumnMap Column, int Ordinal)> Properties { get; } = [];

    public int KeyOrdinal { get; set; }

    /// <summary>Ordinal of <c>updated_at</c> for <c>@odata.etag</c>, or -1.</summary>
    public int EtagOrdinal { get; set; } = -1;

    /// <summary>Ordinal of the mirror's row version, the tag's second part (set whenever <see cref="EtagOrdinal"/> is).</summary>
    public int VersionOrdinal { get; set; } = -1;

    /// <summary>The row's entity tag (<c>W/"2024-03-01T09:30:00Z;3"</c>), or null when it has none.</summary>
    public string? EntityTagOf(Storage.SqlStatement row) =>
        EtagOrdinal >= 0 && !row.IsNull(EtagOrdinal)
            ? Writes.Concurrency.EntityTag.Of(System.Text.Encoding.UTF8.GetString(row.Utf8(EtagOrdinal)), row.Int64(VersionOrdinal))
            : null;

    public List<Expansion> Expansions { get; } = [];

    /// <summary><c>$compute</c> columns written as dynamic properties after the declared ones.</summary>
    public List<ComputedColumn> Computed { get; } = [];

    /// <summary>Ordinals of the sort keys (the last is the key), read from the last row of a page for the next link.</summary>
    public List<int> SortOrdinals { get; } = [];

    public int ColumnCount { get; set; }
}
