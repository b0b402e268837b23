using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Filter;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Routing;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Reports;

/// <summary>
/// The query options over a report's rows, compiled by the service's own expression translator with the report's
/// statement as the row source: <c>SELECT … FROM (report) AS r WHERE $filter ORDER BY $orderby, _row</c>. A property of
/// the row type stands for the statement's column of that name, so $filter and $orderby take every function and
/// operator the entity sets take. <c>_row</c> (Harvest's order) ends every sort, which keeps keyset pages exact.
/// </summary>
public sealed class ReportQuery
{
    private const string Alias = "r";

    private readonly SqlDialect _dialect;

    private ReportQuery(string source, string where, IReadOnlyList<OrderByKey> sortKeys, IReadOnlyList<(ReportColumn Column, int Ordinal)> selected, string select, SqlDialect dialect)
    {
        _dialect = dialect;
        Source = source;
        Where = where;
        SortKeys = sortKeys;
        Selected = selected;
        SelectList = select;
    }

    private string Source { get; }

    private string Where { get; }

    public IReadOnlyList<OrderByKey> SortKeys { get; }

    /// <summary>The selected columns with their ordinals in a result row; sort keys follow them.</summary>
    public IReadOnlyList<(ReportColumn Column, int Ordinal)> Selected { get; }

    private string SelectList { get; }

    public int FirstSortOrdinal => Selected.Count;

    public static ReportQuery Build(ReportFunction report, string reportSql, ParsedRequest request, SqlContext sql)
    {
        if (request.Apply is not null || request.Compute is not null || request.Search is not null)
            throw new NotSupportedQueryException($"$apply, $compute and $search are not supported on {report.Name}; $filter, $select, $orderby, $top, $skip and $count are.");
        if (request.SelectExpand?.SelectedItems.Any(i => i is ExpandedNavigationSelectItem or ExpandedReferenceSelectItem) == true)
            throw new BadQueryException($"The rows of {report.Name} have nothing to expand.");

        var translator = new ExpressionTranslator(sql)
        {
            Aliases = request.Aliases,
            Override = node => node is SingleValuePropertyAccessNode property ? ColumnSql(report, property.Property) : null,
        };
        string where = request.Filter is { } filter ? translator.Translate(filter.Expression) : sql.Dialect.True;

        var keys = new List<OrderByKey>();
        for (var clause = request.OrderBy; clause is not null; clause = clause.ThenBy)
        {
            if (clause.Expression.TypeReference is { } type && !type.IsPrimitive())
                throw new BadQueryException("$orderby needs primitive values.");
            keys.Add(new OrderByKey(translator.Translate(clause.Expression), clause.Direction == OrderByDirection.Descending, OrderByKey.KindOf(clause.Expression.TypeReference)));
        }
        keys.Add(new OrderByKey($"{Alias}.\"_row\"", false, EdmPrimitiveTypeKind.Int64));

        var columns = SelectedColumns(report, request.SelectExpand);
        var selected = columns.Select((c, i) => (c, i)).ToList();
        string select = string.Join(", ", columns.Select(c => $"{Alias}.{c.Sql}").Concat(keys.Select(k => k.Sql)));
        return new ReportQuery($"({reportSql}) AS {Alias}", where, keys, selected, select, sql.Dialect);
    }

    public string SelectSql(string? keyset, string limit, string? offset) =>
        $"SELECT {SelectList} FROM {Source} WHERE {(keyset is null ? Where : $"{Where} AND {keyset}")} " +
        $"ORDER BY {string.Join(", ", SortKeys.Select(k => _dialect.OrderKey(k.Sql, k.Descending, k.Kind)))} LIMIT {limit}" + (offset is null ? "" : $" OFFSET {offset}");

    public string CountSql(string? limit = null, string? offset = null) => limit is null && offset is null
        ? $"SELECT count(*) FROM {Source} WHERE {Where}"
        : $"SELECT count(*) FROM (SELECT 1 FROM {Source} WHERE {Where} LIMIT {limit ?? _dialect.NoLimit}{(offset is null ? "" : " OFFSET " + offset)}) AS c";

    private static string ColumnSql(ReportFunction report, IEdmProperty property) =>
        report.FindColumn(property) is { } column
            ? $"{Alias}.{column.Sql}"
            : throw new BadQueryException($"'{property.Name}' is not a property of {report.RowType.Name}.");

    /// <summary>The properties <c>$select</c> names, in the row type's order (all without <c>$select</c>).</summary>
    private static IReadOnlyList<ReportColumn> SelectedColumns(ReportFunction report, SelectExpandClause? clause)
    {
        if (clause is null || clause.AllSelected || clause.SelectedItems.Any(i => i is WildcardSelectItem or NamespaceQualifiedWildcardSelectItem))
            return report.Columns;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in clause.SelectedItems.OfType<PathSelectItem>())
        {
            if (item.SelectedPath.LastSegment is not PropertySegment property)
                throw new BadQueryException($"'{item.SelectedPath.LastSegment.Identifier}' is not a property of {report.RowType.Name}.");
            names.Add(property.Property.Name);
        }
        return report.Columns.Where(c => names.Contains(c.Name)).ToArray();
    }
}
