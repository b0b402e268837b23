using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Query.Select;

namespace HarvestOData.Server.OData.Query;

/// <summary>A compiled entity query: FROM, WHERE (scope, path, filter, search) and ORDER BY, and the row shape.</summary>
public sealed class EntityQuery(EntitySetMap set, string source, string alias, string select, string where, IReadOnlyList<OrderByKey> sortKeys, RowShape shape, SqlDialect dialect)
{
    public EntitySetMap Set { get; } = set;

    public string Alias { get; } = alias;

    public string Where { get; } = where;

    public IReadOnlyList<OrderByKey> SortKeys { get; } = sortKeys;

    public RowShape Shape { get; } = shape;

    /// <summary>The table, or the caller's column-scoped view of it (RowScope.Source).</summary>
    private string From => $"FROM {source} AS {Alias}";

    public string SelectSql(string? keyset, string? limit, string? offset)
    {
        string where = keyset is null ? Where : $"{Where} AND {keyset}";
        string order = string.Join(", ", SortKeys.Select(k => dialect.OrderKey(k.Sql, k.Descending, k.Kind, k.NotNull)));
        string paging = limit is null ? "" : $" LIMIT {limit}" + (offset is null ? "" : $" OFFSET {offset}");
        return $"SELECT {select} {From} WHERE {where} ORDER BY {order}{paging}";
    }

    /// <summary>
    /// For the first page of a filtered feed in key order: <c>id &gt;= (the first matching id)</c>, found by a subquery
    /// SQLite can answer from an index alone (a SpentDate range reads only the SpentDate index) or by a scan that stops
    /// at the first match. Without it SQLite answers a range filter by looking up and sorting every row of the range to
    /// return the first page, then the later pages, which already seek on the key, read those rows again: a Power BI
    /// date window costs twice what the same SQL costs in sqlite3. With it the first page seeks like the others.
    /// PostgreSQL's walks the key's index from the start to the first match instead (SqlDialect.FirstMatch). Null when there is nothing to seek for (no
    /// filter, or another order).
    /// </summary>
    public string? FirstMatchSeek()
    {
        if (SortKeys.Count != 1 || SortKeys[0].Descending || Where == dialect.True)
            return null;
        return dialect.FirstMatch(SortKeys[0].Sql, From, Where);
    }

    public string CountSql(string? limit = null, string? offset = null) => limit is null && offset is null
        ? $"SELECT count(*) {From} WHERE {Where}"
        : $"SELECT count(*) FROM (SELECT 1 {From} WHERE {Where} LIMIT {limit ?? dialect.NoLimit}{(offset is null ? "" : " OFFSET " + offset)}) AS c";
}
