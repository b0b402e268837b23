using System.Globalization;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Filter;
using HarvestOData.Server.OData.Query.Paging;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using Microsoft.OData.UriParser.Aggregation;

namespace HarvestOData.Server.OData.Query.Apply;

/// <summary>What an <c>$apply</c> works on: the set as the path narrows it, scoped to the caller.</summary>
public sealed record ApplyInput(
    EntitySetMap Set,
    ODataPath Path,
    SearchClause? Search,
    Func<string, string>? Restriction,
    SqlContext Sql,
    IDictionary<string, SingleValueNode>? Aliases);

/// <summary>
/// <c>$apply</c> as one SQL statement. Before grouping, <see cref="EntityStage"/> takes the steps over entities
/// (<c>filter()</c> becomes WHERE, <c>compute()</c> expressions over the row, <c>top</c>/<c>skip</c> a subquery);
/// <c>groupby</c>/<c>aggregate</c> become GROUP BY with sum/avg/min/max/count(DISTINCT)/count(*); after it, each
/// <c>filter</c>, <c>compute</c>, <c>top</c> and <c>skip</c> wraps the rows so far in a subquery (SQLite flattens
/// them), and <c>orderby</c> sets the order the next <c>top</c>/<c>skip</c> and the response use.
/// <c>concat</c> is the union of its branches, in branch order. <c>$filter</c>, <c>$orderby</c>, <c>$top</c> and
/// <c>$skip</c> then work on the result by its property names.
/// </summary>
public sealed class ApplyQuery
{
    private readonly List<string> _outerFilters = [];

    private readonly SqlDialect _dialect;

    private ApplyQuery(SqlDialect dialect, EntitySetMap set, List<ResultColumn> columns, string inner, List<OrderByKey> pipelineOrder, int? branchOrdinal = null)
    {
        _dialect = dialect;
        Set = set;
        Columns = columns;
        Inner = inner;
        PipelineOrder = pipelineOrder;
        BranchOrdinal = branchOrdinal;
    }

    public EntitySetMap Set { get; }

    public IReadOnlyList<ResultColumn> Columns { get; }

    public string Inner { get; }

    /// <summary>The order the transformations left (<c>orderby()</c>, or branch order after <c>concat</c>).</summary>
    private List<OrderByKey> PipelineOrder { get; }

    /// <summary>For <c>concat</c>: the ordinal of the branch number in each row, so a row shows only its branch's properties.</summary>
    public int? BranchOrdinal { get; }

    public List<OrderByKey> Order { get; } = [];

    /// <summary>Whether the result is aggregated rows (ApplyResponse) rather than entities (<see cref="KeepingEntities"/>).</summary>
    public static bool Aggregates(ApplyClause apply, string? rawApply) =>
        apply.Transformations.Any(t => t.Kind is TransformationNodeKind.GroupBy or TransformationNodeKind.Aggregate)
        || (ApplyStep.HasOwnSteps(rawApply, out var steps) && steps.Any(s => s.Name == "concat"));

    /// <summary>
    /// An <c>$apply</c> that keeps entities, for an entity query: the <c>filter()</c> steps it still applies, the
    /// <c>compute()</c> values (with the request's own <c>$compute</c>), and, when <c>top()</c> or <c>skip()</c> cut the
    /// entities, the rows to read instead of the set (a subquery under the query's alias, given the steps up to the last
    /// cut) with the order that cut left, which the result keeps unless <c>$orderby</c> says otherwise.
    /// </summary>
    public static EntitySteps KeepingEntities(ApplyInput input, ApplyClause? apply, string? rawApply, ComputeClause? compute)
    {
        var computes = Computes(apply, compute);
        if (apply is null)
            return new EntitySteps([], computes, null);
        var filters = Filters(apply.Transformations);
        if (!ApplyStep.HasOwnSteps(rawApply, out var steps))
            return new EntitySteps(filters, computes, null);
        var natives = Natives(apply, steps);
        int last = steps.FindLastIndex(s => s.Name is "top" or "skip");
        if (steps.Skip(last + 1).Any(s => s.Name == "orderby"))
            throw new NotSupportedQueryException("An $apply that keeps entities takes orderby() only before top() or skip(); order the result with $orderby.");
        if (last < 0)
            return new EntitySteps(filters, computes, null);
        var upToCut = steps.Take(last + 1).ToList();
        var after = Filters(natives.Skip(upToCut.Count(s => s.IsNative)));
        return new EntitySteps(after, computes, alias =>
        {
            var stage = new EntityStage(input, alias);
            int native = 0;
            foreach (var step in upToCut)
            {
                if (!stage.Take(step, step.IsNative ? natives[native++] : null))
                    throw Unknown(step);
            }
            return new EntityCut(stage.Rows!, stage.Order);
        });
    }

    /// <summary>ODataLib's bindings of the native steps, one per step in order (without any, it bound ApplyStep.Placeholder).</summary>
    private static List<TransformationNode> Natives(ApplyClause apply, List<ApplyStep> steps)
    {
        var natives = steps.Any(s => s.IsNative) ? apply.Transformations.ToList() : [];
        return natives.Count == steps.Count(s => s.IsNative)
            ? natives
            : throw new BadQueryException("$apply could not be read step by step; check the separators between transformations.");
    }

    private static BadQueryException Unknown(ApplyStep step) =>
        new($"Unknown $apply transformation '{step.Name}'; this service knows filter, compute, groupby, aggregate, orderby, top, skip, identity and concat.");

    private static List<FilterClause> Filters(IEnumerable<TransformationNode> transformations) =>
        transformations.Where(t => t is not ComputeTransformationNode).Select(t => t is FilterTransformationNode f ? f.FilterClause
            : throw new NotSupportedQueryException($"$apply {t.Kind} is not supported; use filter, compute, groupby, aggregate, orderby, top, skip and concat.")).ToList();

    /// <summary>The <c>compute()</c> steps of an <c>$apply</c> that keeps entities, with the request's own <c>$compute</c>.</summary>
    private static ComputeClause? Computes(ApplyClause? apply, ComputeClause? compute)
    {
        var items = (apply?.Transformations.OfType<ComputeTransformationNode>().SelectMany(c => c.Expressions) ?? []).ToList();
        if (items.Count == 0)
            return compute;
        return new ComputeClause(items.Concat(compute?.ComputedItems ?? []));
    }

    /// <param name="rawApply">The <c>$apply</c> value as sent; <paramref name="apply"/> is ODataLib's binding of its native steps.</param>
    public static ApplyQuery Build(ApplyInput input, ApplyClause apply, string rawApply)
    {
        var steps = ApplyStep.Parse(Uri.UnescapeDataString(rawApply));
        return Build(input, apply, steps);
    }

    private static ApplyQuery Build(ApplyInput input, ApplyClause apply, List<ApplyStep> steps)
    {
        if (steps.FindIndex(s => s.Name == "concat") is >= 0 and var at)
        {
            if (steps.Count > 1)
                throw new NotSupportedQueryException("concat is supported as the whole $apply (each branch can hold a sequence), not after or before other transformations.");
            return Concat(input, steps[at]);
        }
        var sql = input.Sql;
        var set = input.Set;
        var entities = new EntityStage(input, sql.NewAlias());
        var natives = Natives(apply, steps);

        var columns = new List<ResultColumn>();
        var order = new List<OrderByKey>();
        string? current = null;
        int native = 0;
        var nativeText = new List<string>();
        ApplyQuery? outer = null;
        foreach (var step in steps)
        {
            var node = step.IsNative ? natives[native++] : null;
            if (step.IsNative)
                nativeText.Add(step.Text);
            if (current is null)
            {
                if (entities.Take(step, node))
                    continue;
                if (node is GroupByTransformationNode or AggregateTransformationNode)
                {
                    current = Group(input, node, entities, columns);
                    continue;
                }
            }
            else
            {
                outer ??= new ApplyQuery(sql.Dialect, set, columns, "", order);
                switch (node)
                {
                    case FilterTransformationNode f:
                        current = Wrap(sql.Dialect, current, columns, [], outer.Outer(input).Translate(f.FilterClause.Expression), null, null, null);
                        continue;
                    case ComputeTransformationNode c:
                        var added = new List<string>();
                        foreach (var e in c.Expressions)
                        {
                            if (columns.Any(col => col.Key == e.Alias))
                                throw new BadQueryException($"The alias '{e.Alias}' is used twice.");
                            var column = new ResultColumn([e.Alias], KindOver(e.Expression, columns), columns.Count) { Primitive = OrderByKey.KindOf(e.Expression.TypeReference) };
                            added.Add($"{outer.Outer(input).Translate(e.Expression)} AS {column.SqlName}");
                            columns.Add(column);
                        }
                        current = Wrap(sql.Dialect, current, columns.Take(columns.Count - added.Count), added, null, null, null, null);
                        continue;
                    case GroupByTransformationNode or AggregateTransformationNode:
                        throw new NotSupportedQueryException("A second groupby or aggregate over aggregated rows is not supported; group once.");
                    case null when step.Name == "orderby":
                        order.Clear();
                        for (var clause = ParseOrderBy(input, nativeText, step.Argument); clause is not null; clause = clause.ThenBy)
                            order.Add(new OrderByKey(outer.Outer(input).Translate(clause.Expression), clause.Direction == OrderByDirection.Descending, OrderByKey.KindOf(clause.Expression.TypeReference)));
                        continue;
                    case null when step.Name == "top":
                        current = Wrap(sql.Dialect, current, columns, [], null, OrderOrAll(order, columns), input.Sql.Add(Count(step)), null);
                        continue;
                    case null when step.Name == "skip":
                        current = Wrap(sql.Dialect, current, columns, [], null, OrderOrAll(order, columns), sql.Dialect.NoLimit, input.Sql.Add(Count(step)));
                        continue;
                    case null when step.Name == "identity":
                        continue;
                }
            }
            throw node is null
                ? Unknown(step)
                : new NotSupportedQueryException($"$apply {node.Kind} is not supported; use filter, compute, groupby, aggregate, orderby, top, skip and concat.");
        }
        if (current is null)
            throw new NotSupportedQueryException("Each branch of concat must group or aggregate: a branch that keeps entities cannot share rows with one that does not.");
        return new ApplyQuery(sql.Dialect, set, columns, current, order);
    }

    /// <summary><c>concat(A,B,…)</c>: each branch a sequence of its own over the same input, the rows one after another.</summary>
    private static ApplyQuery Concat(ApplyInput input, ApplyStep step)
    {
        var branches = ApplyStep.Split(step.Argument, ',').Select(b => b.Trim()).ToList();
        if (branches.Count < 2 || branches.Any(b => b.Length == 0))
            throw new BadQueryException("concat takes two or more transformation sequences, e.g. concat(aggregate($count as N),groupby((ProjectId))).");
        var queries = branches.Select(branch =>
        {
            var steps = ApplyStep.Parse(branch);
            var native = steps.Where(s => s.IsNative).Select(s => s.Text).ToList();
            return Build(input, ParseApply(input, native), steps);
        }).ToList();

        var union = new List<ResultColumn>();
        var members = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var (query, b) in queries.Select((q, i) => (q, i)))
        {
            foreach (var column in query.Columns)
            {
                if (!members.TryGetValue(column.Key, out var branchesWith))
                {
                    members[column.Key] = branchesWith = [];
                    union.Add(new ResultColumn(column.Path, column.Kind, union.Count) { Branches = branchesWith, Primitive = column.Primitive });
                }
                branchesWith.Add(b);
            }
        }
        var parts = queries.Select((query, b) =>
        {
            var values = union.Select(u => query.Columns.FirstOrDefault(c => c.Key == u.Key) is { } mine ? $"x.{mine.SqlName} AS {u.SqlName}" : $"NULL AS {u.SqlName}");
            // row_number over the branch's sorted rows keeps its order (orderby/top inside the branch) through the union.
            return $"SELECT {values.Aggregate((x, y) => x + ", " + y)}, {b.ToString(CultureInfo.InvariantCulture)} AS b, row_number() OVER () AS n FROM ({query.SelectSql(null, null)}) AS x";
        });
        string inner = "SELECT * FROM (" + string.Join(" UNION ALL ", parts) + ") AS u";
        var branchOrder = new List<OrderByKey> { new("r.b", false, EdmPrimitiveTypeKind.Int64), new("r.n", false, EdmPrimitiveTypeKind.Int64) };
        return new ApplyQuery(input.Sql.Dialect, input.Set, union, inner, branchOrder, union.Count);
    }

    /// <summary>
    /// The kind of an expression over aggregated rows: ODataLib leaves aliases untyped and types <c>Total div 60</c> by
    /// its literal, so arithmetic takes the widest kind of its operands (a decimal stays decimal).
    /// </summary>
    private static ResultKind KindOver(SingleValueNode node, List<ResultColumn> columns)
    {
        switch (node)
        {
            case SingleValueOpenPropertyAccessNode open:
                return columns.FirstOrDefault(c => c.Key == open.Name)?.Kind ?? ResultKind.Text;
            case ConvertNode convert when convert.Source is SingleValueOpenPropertyAccessNode:
                return KindOver(convert.Source, columns);
            case BinaryOperatorNode b when b.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply
                or BinaryOperatorKind.Divide or BinaryOperatorKind.Modulo:
                var kinds = new[] { KindOver(b.Left, columns), KindOver(b.Right, columns) };
                return kinds.Contains(ResultKind.Double) ? ResultKind.Double : kinds.Contains(ResultKind.Decimal) ? ResultKind.Decimal : ResultColumn.KindOf(b.TypeReference);
            default:
                return ResultColumn.KindOf(node.TypeReference);
        }
    }

    internal static long Count(ApplyStep step) =>
        long.TryParse(step.Argument.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            ? n
            : throw new BadQueryException($"{step.Name}() takes a non-negative integer, e.g. {step.Name}(5); got '{step.Argument}'.");

    private static ApplyClause ParseApply(ApplyInput input, List<string> native)
    {
        var parser = Parser(input, new Dictionary<string, string> { ["$apply"] = native.Count == 0 ? ApplyStep.Placeholder : string.Join("/", native) });
        return parser.ParseApply();
    }

    /// <summary>Binds <c>orderby(…)</c> as ODataLib binds <c>$orderby</c> after the native steps so far, so aliases resolve.</summary>
    internal static OrderByClause ParseOrderBy(ApplyInput input, List<string> native, string argument)
    {
        if (argument.Trim().Length == 0)
            throw new BadQueryException("orderby() needs at least one expression, e.g. orderby(Total desc).");
        var parser = Parser(input, new Dictionary<string, string> { ["$apply"] = native.Count == 0 ? ApplyStep.Placeholder : string.Join("/", native), ["$orderby"] = argument });
        parser.ParseApply();
        return parser.ParseOrderBy();
    }

    private static ODataQueryOptionParser Parser(ApplyInput input, Dictionary<string, string> options) =>
        new(input.Sql.Model.Edm, input.Path, options) { Resolver = new ODataUriResolver { EnableCaseInsensitive = true } };

    private static List<OrderByKey> OrderOrAll(List<OrderByKey> order, List<ResultColumn> columns) =>
        order.Concat(columns.Select(AllColumnsKey)).ToList();

    private static OrderByKey AllColumnsKey(ResultColumn column) => new("r." + column.SqlName, false, column.Primitive);

    /// <summary>The rows so far as a subquery, with more columns, a WHERE, or an ordered LIMIT/OFFSET on top.</summary>
    private static string Wrap(SqlDialect dialect, string current, IEnumerable<ResultColumn> keep, IEnumerable<string> added, string? where, List<OrderByKey>? order, string? limit, string? offset)
    {
        string columns = string.Join(", ", keep.Select(c => $"r.{c.SqlName} AS {c.SqlName}").Concat(added));
        string sql = $"SELECT {columns} FROM ({current}) AS r";
        if (where is not null)
            sql += " WHERE " + where;
        if (order is not null)
            sql += " ORDER BY " + string.Join(", ", order.Select(o => dialect.OrderKey(o.Sql, o.Descending, o.Kind)));
        if (limit is not null)
            sql += " LIMIT " + limit + (offset is null ? "" : " OFFSET " + offset);
        return sql;
    }

    private static string Group(ApplyInput input, TransformationNode node, EntityStage entities, List<ResultColumn> columns)
    {
        string a = entities.Alias;
        var where = entities.Where;
        var computed = entities.Computed;
        var select = new List<string>();
        var groupBy = new List<(string Expression, string Name)>();
        var translator = EntityTranslator(input, input.Set, a, computed, "$it");
        IEdmTypeReference? TypeOf(SingleValueNode? value) =>
            value is SingleValueOpenPropertyAccessNode open && computed.TryGetValue(open.Name, out var c) ? c.Type : value?.TypeReference;
        if (node is GroupByTransformationNode g)
        {
            foreach (var property in g.GroupingProperties)
                AddGrouping(property, [], translator, TypeOf, columns, select, groupBy);
            if (g.ChildTransformations is AggregateTransformationNode nested)
                AddAggregates(nested, translator, TypeOf, columns, select);
            else if (g.ChildTransformations is not null)
                throw new NotSupportedQueryException($"groupby with {g.ChildTransformations.Kind} is not supported; use aggregate.");
        }
        else
        {
            AddAggregates((AggregateTransformationNode)node, translator, TypeOf, columns, select);
        }
        if (select.Count == 0)
            throw new BadQueryException("groupby needs at least one property or aggregate.");
        // A grouping key that SQLite will not satisfy by walking an index (SqlDialect.GroupKey, a unary + there). Grouping
        // by an indexed column (ProjectId) makes SQLite walk that index to skip the sort, which pays only when the index
        // alone answers the query ($count per group, no filter): with a value to aggregate or a row to test, every index
        // entry costs a random lookup of its row, 5x slower on a million entries than scanning the table in order and
        // sorting the groups. The + is a no-op on the value (and keeps the column's collation) but is not a column
        // reference, so the index is not considered for the grouping; WHERE still picks its own index. With no WHERE at
        // all, every row of the whole table is read anyway: NOT INDEXED says so outright, the plan bench/odata measured
        // fastest (70-110 ms ahead of the + on a million entries).
        bool filtered = where.Any(w => w != input.Sql.Dialect.True);
        bool readsRows = filtered || ReadsValues(node);
        string source = entities.Rows ?? input.Sql.Scope.Source(input.Set, input.Sql);
        bool wholeTable = readsRows && !filtered && source == SqlContext.Quote(input.Set.Table);
        string from = wholeTable ? $"{source} AS {a}{input.Sql.Dialect.NotIndexed}" : $"{source} AS {a}";
        return $"SELECT {string.Join(", ", select)} FROM {from} WHERE {string.Join(" AND ", where)}"
               + (groupBy.Count > 0 ? " GROUP BY " + string.Join(", ", groupBy.Select(g => input.Sql.Dialect.GroupKey(g.Expression, g.Name, readsRows && !wholeTable))) : "");
    }

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
            Order.Add(new OrderByKey(Outer(sql, aliases).Translate(clause.Expression), clause.Direction == OrderByDirection.Descending, OrderByKey.KindOf(clause.Expression.TypeReference)));
    }

    public string SelectSql(string? limit, string? offset)
    {
        // Every column last, so pages by offset cut the same sequence each time.
        var order = Order.Concat(PipelineOrder).Concat(Columns.Select(AllColumnsKey));
        string where = _outerFilters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _outerFilters);
        string columns = string.Join(", ", Columns.Select(c => "r." + c.SqlName).Concat(BranchOrdinal is null ? [] : ["r.b"]));
        string paging = limit is null ? "" : $" LIMIT {limit}" + (offset is null ? "" : $" OFFSET {offset}");
        return $"SELECT {columns} FROM ({Inner}) AS r{where} ORDER BY {string.Join(", ", order.Select(o => _dialect.OrderKey(o.Sql, o.Descending, o.Kind)))}{paging}";
    }

    public string CountSql()
    {
        string where = _outerFilters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _outerFilters);
        return $"SELECT count(*) FROM ({Inner}) AS r{where}";
    }

    private ExpressionTranslator Outer(ApplyInput input) => Outer(input.Sql, input.Aliases);

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

    private static void AddGrouping(GroupByPropertyNode node, List<string> path, ExpressionTranslator translator, Func<SingleValueNode?, IEdmTypeReference?> typeOf,
        List<ResultColumn> columns, List<string> select, List<(string Expression, string Name)> groupBy)
    {
        var here = path.Append(node.Name).ToList();
        if (node.Expression is null)
        {
            foreach (var child in node.ChildTransformations)
                AddGrouping(child, here, translator, typeOf, columns, select, groupBy);
            return;
        }
        string expression = translator.Translate(node.Expression);
        var kind = node.Expression is SingleValuePropertyAccessNode p && translator.Sql.Model.FindColumn(p.Property) is { } column
            ? ResultColumn.KindOf(column.Kind)
            : ResultColumn.KindOf(node.TypeReference ?? typeOf(node.Expression));
        var result = new ResultColumn(here, kind, columns.Count) { Primitive = OrderByKey.KindOf(node.TypeReference ?? typeOf(node.Expression)) };
        columns.Add(result);
        select.Add($"{expression} AS {result.SqlName}");
        groupBy.Add((expression, result.SqlName));
    }

    private static void AddAggregates(AggregateTransformationNode node, ExpressionTranslator translator, Func<SingleValueNode?, IEdmTypeReference?> typeOf,
        List<ResultColumn> columns, List<string> select)
    {
        var dialect = translator.Sql.Dialect;
        foreach (var expression in node.AggregateExpressions)
        {
            if (expression is not AggregateExpression aggregate)
                throw new NotSupportedQueryException("Aggregating navigation collections is not supported; aggregate their own set instead.");
            string sql = aggregate.Method switch
            {
                AggregationMethod.VirtualPropertyCount => "count(*)",
                AggregationMethod.Sum => dialect.Sum(translator.Translate(aggregate.Expression), OrderByKey.KindOf(typeOf(aggregate.Expression))),
                AggregationMethod.Average => $"avg({translator.Translate(aggregate.Expression)})",
                AggregationMethod.Min => dialect.MinMax(translator.Translate(aggregate.Expression), max: false, OrderByKey.KindOf(typeOf(aggregate.Expression))),
                AggregationMethod.Max => dialect.MinMax(translator.Translate(aggregate.Expression), max: true, OrderByKey.KindOf(typeOf(aggregate.Expression))),
                AggregationMethod.CountDistinct => $"count(DISTINCT {translator.Translate(aggregate.Expression)})",
                _ => throw new NotSupportedQueryException($"The aggregation method '{aggregate.MethodDefinition?.MethodLabel ?? aggregate.Method.ToString()}' is not supported."),
            };
            var type = typeOf(aggregate.Expression);
            var kind = aggregate.Method is AggregationMethod.VirtualPropertyCount or AggregationMethod.CountDistinct
                ? ResultKind.Int64
                : aggregate.Method is AggregationMethod.Average && type?.IsDecimal() != true
                    ? ResultKind.Double
                    : ResultColumn.KindOf(type);
            if (columns.Any(c => c.Key == aggregate.Alias))
                throw new BadQueryException($"The alias '{aggregate.Alias}' is used twice.");
            var result = new ResultColumn([aggregate.Alias], kind, columns.Count)
            {
                Primitive = aggregate.Method is AggregationMethod.Min or AggregationMethod.Max ? OrderByKey.KindOf(type) : EdmPrimitiveTypeKind.None,
            };
            columns.Add(result);
            select.Add($"{sql} AS {result.SqlName}");
        }
    }

    /// <summary>A translator over the entity rows, where <c>compute()</c> aliases stand for their expressions.</summary>
    internal static ExpressionTranslator EntityTranslator(ApplyInput input, EntitySetMap set, string alias,
        Dictionary<string, (string Sql, IEdmTypeReference? Type)> computed, string rangeVariable) =>
        new ExpressionTranslator(input.Sql)
        {
            Aliases = input.Aliases,
            Override = node => node is SingleValueOpenPropertyAccessNode open && computed.TryGetValue(open.Name, out var c) ? c.Sql : null,
        }.Bind(rangeVariable, set, alias);
}
