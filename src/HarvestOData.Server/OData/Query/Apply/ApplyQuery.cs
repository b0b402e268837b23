using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Filter;
using HarvestOData.Server.OData.Query.Search;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using Microsoft.OData.UriParser.Aggregation;

namespace HarvestOData.Server.OData.Query.Apply;

/// <summary>
/// <c>$apply</c> as one SQL statement: <c>filter()</c> steps before grouping become WHERE, <c>groupby</c>/<c>aggregate</c>
/// become GROUP BY with sum/avg/min/max/count(DISTINCT)/count(*), and <c>filter()</c> steps after it, <c>$filter</c>,
/// <c>$orderby</c>, <c>$top</c> and <c>$skip</c> work on the aggregated rows by their result names.
/// </summary>
public sealed class ApplyQuery
{
    private readonly List<string> _outerFilters = [];

    private ApplyQuery(EntitySetMap set, List<ResultColumn> columns, string inner)
    {
        Set = set;
        Columns = columns;
        Inner = inner;
    }

    public EntitySetMap Set { get; }

    public IReadOnlyList<ResultColumn> Columns { get; }

    public string Inner { get; }

    public List<(string Sql, bool Descending)> Order { get; } = [];

    /// <summary>Whether the transformations group or aggregate (otherwise they only filter and the result is entities).</summary>
    public static bool Aggregates(ApplyClause apply) =>
        apply.Transformations.Any(t => t.Kind is TransformationNodeKind.GroupBy or TransformationNodeKind.Aggregate);

    /// <summary>The <c>filter()</c> steps of an <c>$apply</c> that only filters, to fold into an entity query.</summary>
    public static IEnumerable<FilterClause> Filters(ApplyClause apply) =>
        apply.Transformations.Select(t => t is FilterTransformationNode f ? f.FilterClause
            : throw new NotSupportedQueryException($"$apply {t.Kind} is not supported; use filter, groupby and aggregate."));

    public static ApplyQuery Build(EntitySetMap set, ApplyClause apply, SearchClause? search, Func<string, string>? restriction, SqlContext sql, IDictionary<string, SingleValueNode>? aliases)
    {
        string a = sql.NewAlias();
        var where = new List<string> { sql.Scope.Predicate(set, a, sql) };
        if (restriction is not null)
            where.Add(restriction(a));
        if (search is not null)
            where.Add(SearchTranslator.Translate(search, set, a, sql));

        var columns = new List<ResultColumn>();
        var select = new List<string>();
        var groupBy = new List<string>();
        var after = new List<FilterClause>();
        bool grouped = false;
        foreach (var step in apply.Transformations)
        {
            switch (step)
            {
                case FilterTransformationNode f when !grouped:
                    where.Add(Translator(sql, aliases, f.FilterClause.RangeVariable.Name, set, a).Translate(f.FilterClause.Expression));
                    break;
                case FilterTransformationNode f:
                    after.Add(f.FilterClause);
                    break;
                case GroupByTransformationNode g when !grouped:
                    grouped = true;
                    var translator = Translator(sql, aliases, "$it", set, a);
                    foreach (var property in g.GroupingProperties)
                        AddGrouping(property, [], translator, columns, select, groupBy);
                    if (g.ChildTransformations is AggregateTransformationNode nested)
                        AddAggregates(nested, translator, columns, select);
                    else if (g.ChildTransformations is not null)
                        throw new NotSupportedQueryException($"groupby with {g.ChildTransformations.Kind} is not supported; use aggregate.");
                    break;
                case AggregateTransformationNode aggregate when !grouped:
                    grouped = true;
                    AddAggregates(aggregate, Translator(sql, aliases, "$it", set, a), columns, select);
                    break;
                default:
                    throw new NotSupportedQueryException($"$apply {step.Kind} is not supported here; use filter, then one groupby or aggregate, then filter.");
            }
        }

        bool readsRows = where.Any(w => w != "1") || apply.Transformations.Any(ReadsValues);
        string inner = $"SELECT {string.Join(", ", select)} FROM {sql.Scope.Source(set, sql)} AS {a} WHERE {string.Join(" AND ", where)}"
                       + (groupBy.Count > 0 ? " GROUP BY " + string.Join(", ", groupBy.Select(g => readsRows ? ScanThenSort(g) : g)) : "");
        var query = new ApplyQuery(set, columns, inner);
        foreach (var clause in after)
            query.AddFilter(clause, sql, aliases);
        return query;
    }

    /// <summary>
    /// A grouping key that SQLite will not satisfy by walking an index. Grouping by an indexed column (ProjectId) makes
    /// SQLite walk that index to skip the sort, which pays only when the index alone answers the query (<c>$count</c>
    /// per group, no filter): with a value to aggregate or a row to test, every index entry costs a random lookup of its
    /// row, 5× slower on a million entries than scanning the table in order and sorting the groups. A unary <c>+</c> is
    /// a no-op on the value (and keeps the column's collation) but is not a column reference, so the index is not
    /// considered for the grouping; WHERE still picks its own index (a SpentDate range keeps its search).
    /// </summary>
    private static string ScanThenSort(string expression) => "+" + expression;

    /// <summary>Whether a grouping step aggregates row values (anything but <c>$count</c>); filters are judged by their WHERE.</summary>
    private static bool ReadsValues(TransformationNode step) => step switch
    {
        GroupByTransformationNode g => g.ChildTransformations is AggregateTransformationNode nested && ReadsValues(nested),
        AggregateTransformationNode aggregate => aggregate.AggregateExpressions.Any(e => e is not AggregateExpression { Method: AggregationMethod.VirtualPropertyCount }),
        _ => false,
    };

    public void AddFilter(FilterClause clause, SqlContext sql, IDictionary<string, SingleValueNode>? aliases) =>
        _outerFilters.Add(Outer(sql, aliases).Translate(clause.Expression));

    public void AddOrderBy(OrderByClause? clause, SqlContext sql, IDictionary<string, SingleValueNode>? aliases)
    {
        for (; clause is not null; clause = clause.ThenBy)
            Order.Add((Outer(sql, aliases).Translate(clause.Expression), clause.Direction == OrderByDirection.Descending));
    }

    public string SelectSql(string? limit, string? offset)
    {
        var order = Order.Count > 0 ? Order : Columns.Select(c => ("r." + c.SqlName, false)).ToList();
        string where = _outerFilters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _outerFilters);
        string columns = string.Join(", ", Columns.Select(c => "r." + c.SqlName));
        string paging = limit is null ? "" : $" LIMIT {limit}" + (offset is null ? "" : $" OFFSET {offset}");
        return $"SELECT {columns} FROM ({Inner}) AS r{where} ORDER BY {string.Join(", ", order.Select(o => o.Item2 ? o.Item1 + " DESC" : o.Item1))}{paging}";
    }

    public string CountSql()
    {
        string where = _outerFilters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _outerFilters);
        return $"SELECT count(*) FROM ({Inner}) AS r{where}";
    }

    /// <summary>A translator over the aggregated rows: grouped properties and aliases resolve to result columns.</summary>
    private ExpressionTranslator Outer(SqlContext sql, IDictionary<string, SingleValueNode>? aliases) =>
        new(sql) { Aliases = aliases, Override = node => Resolve(node) };

    private string? Resolve(SingleValueNode node)
    {
        string? key = node switch
        {
            SingleValueOpenPropertyAccessNode open => open.Name,
            SingleValuePropertyAccessNode property => PathOf(property),
            _ => null,
        };
        if (key is null)
            return null;
        var column = Columns.FirstOrDefault(c => c.Key == key)
            ?? throw new BadQueryException($"'{key}' is not a property of the aggregated result; use grouped properties and aggregate aliases.");
        return "r." + column.SqlName;
    }

    private static string? PathOf(SingleValuePropertyAccessNode node)
    {
        var names = new List<string> { node.Property.Name };
        for (var source = node.Source; source is SingleNavigationNode navigation; source = navigation.Source)
            names.Insert(0, navigation.NavigationProperty.Name);
        return string.Join("/", names);
    }

    private static void AddGrouping(GroupByPropertyNode node, List<string> path, ExpressionTranslator translator,
        List<ResultColumn> columns, List<string> select, List<string> groupBy)
    {
        var here = path.Append(node.Name).ToList();
        if (node.Expression is null)
        {
            foreach (var child in node.ChildTransformations)
                AddGrouping(child, here, translator, columns, select, groupBy);
            return;
        }
        string expression = translator.Translate(node.Expression);
        var kind = node.Expression is SingleValuePropertyAccessNode p && translator.Sql.Model.FindColumn(p.Property) is { } column
            ? ResultColumn.KindOf(column.Kind)
            : KindOf(node.TypeReference ?? node.Expression.TypeReference);
        var result = new ResultColumn(here, kind, columns.Count);
        columns.Add(result);
        select.Add($"{expression} AS {result.SqlName}");
        groupBy.Add(expression);
    }

    private static void AddAggregates(AggregateTransformationNode node, ExpressionTranslator translator, List<ResultColumn> columns, List<string> select)
    {
        foreach (var expression in node.AggregateExpressions)
        {
            if (expression is not AggregateExpression aggregate)
                throw new NotSupportedQueryException("Aggregating navigation collections is not supported; aggregate their own set instead.");
            string sql = aggregate.Method switch
            {
                AggregationMethod.VirtualPropertyCount => "count(*)",
                AggregationMethod.Sum => $"COALESCE(sum({translator.Translate(aggregate.Expression)}), 0)",
                AggregationMethod.Average => $"avg({translator.Translate(aggregate.Expression)})",
                AggregationMethod.Min => $"min({translator.Translate(aggregate.Expression)})",
                AggregationMethod.Max => $"max({translator.Translate(aggregate.Expression)})",
                AggregationMethod.CountDistinct => $"count(DISTINCT {translator.Translate(aggregate.Expression)})",
                _ => throw new NotSupportedQueryException($"The aggregation method '{aggregate.MethodDefinition?.MethodLabel ?? aggregate.Method.ToString()}' is not supported."),
            };
            var kind = aggregate.Method is AggregationMethod.VirtualPropertyCount or AggregationMethod.CountDistinct
                ? ResultKind.Int64
                : aggregate.Method is AggregationMethod.Average && aggregate.Expression?.TypeReference?.IsDecimal() != true
                    ? ResultKind.Double
                    : KindOf(aggregate.Expression?.TypeReference);
            if (columns.Any(c => c.Key == aggregate.Alias))
                throw new BadQueryException($"The alias '{aggregate.Alias}' is used twice.");
            var result = new ResultColumn([aggregate.Alias], kind, columns.Count);
            columns.Add(result);
            select.Add($"{sql} AS {result.SqlName}");
        }
    }

    private static ResultKind KindOf(IEdmTypeReference? type)
    {
        if (type is null || !type.IsPrimitive())
            return ResultKind.Text;
        return type.AsPrimitive().PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Byte => ResultKind.Int64,
            EdmPrimitiveTypeKind.Decimal => ResultKind.Decimal,
            EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single => ResultKind.Double,
            EdmPrimitiveTypeKind.Boolean => ResultKind.Boolean,
            _ => ResultKind.Text,
        };
    }

    private static ExpressionTranslator Translator(SqlContext sql, IDictionary<string, SingleValueNode>? aliases, string rangeVariable, EntitySetMap set, string alias) =>
        new ExpressionTranslator(sql) { Aliases = aliases }.Bind(rangeVariable, set, alias);
}
