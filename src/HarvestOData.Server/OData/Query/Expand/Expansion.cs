using System.Text.Json;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Select;

namespace HarvestOData.Server.OData.Query.Expand;

/// <summary>
/// One expanded navigation: a statement run per parent row with the parent's key (or foreign key) bound to
/// <see cref="Slot"/>. Prepared once per request; SQLite re-runs it in microseconds.
/// </summary>
public sealed class Expansion(NavigationMap navigation, int sourceOrdinal, int slot, string sql, RowShape shape, string? countSql)
{
    public NavigationMap Navigation { get; } = navigation;

    public JsonEncodedText Name { get; } = JsonEncodedText.Encode(navigation.Name);

    public JsonEncodedText CountName { get; } = JsonEncodedText.Encode(navigation.Name + "@odata.count");

    /// <summary>Ordinal in the parent row of the value the related rows hang on.</summary>
    public int SourceOrdinal { get; } = sourceOrdinal;

    public int Slot { get; } = slot;

    public string Sql { get; } = sql;

    public RowShape Shape { get; } = shape;

    /// <summary>Counts the related rows for a nested <c>$count=true</c>.</summary>
    public string? CountSql { get; } = countSql;

    public bool IsCollection => Navigation.IsCollection;
}
