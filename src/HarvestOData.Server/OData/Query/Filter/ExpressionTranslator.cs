using HarvestOData.Server.OData.Model;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Query.Filter;

/// <summary>
/// Turns ODataLib's expression tree into SQL in the mirror's dialect (<see cref="SqlDialect"/>). Identifiers come only from the model; every literal becomes a
/// parameter. Comparisons follow OData's two-valued logic (a comparison with null is false, so <c>not</c> of it is
/// true), which SQL's NULL would break: hence null-safe equality and <c>COALESCE</c> under <c>not</c>.
/// Rows reached through navigation paths and lambdas are scoped to what the caller sees.
/// </summary>
public sealed partial class ExpressionTranslator(SqlContext sql)
{
    private readonly Dictionary<string, (EntitySetMap Set, string Alias)> _ranges = new(StringComparer.Ordinal);
    private int _lambdaDepth;

    public SqlContext Sql { get; } = sql;

    /// <summary>Parameter alias values (<c>@x=…</c>) as parsed by ODataLib.</summary>
    public IDictionary<string, SingleValueNode>? Aliases { get; init; }

    /// <summary>Replaces property accesses over aggregated rows (<c>$apply</c>) with their result columns.</summary>
    public Func<SingleValueNode, string?>? Override { get; set; }

    public ExpressionTranslator Bind(string rangeVariable, EntitySetMap set, string alias)
    {
        _ranges[rangeVariable] = (set, alias);
        return this;
    }

    public string Translate(QueryNode node)
    {
        Sql.CountNode();
        if (Override is not null && node is SingleValueNode value && Override(value) is { } replaced)
            return replaced;
        return node switch
        {
            ConstantNode c => Constant(c.Value),
            ConvertNode c => Convert(c),
            BinaryOperatorNode b => Binary(b),
            UnaryOperatorNode u => u.OperatorKind == UnaryOperatorKind.Not
                ? $"(NOT {Sql.Dialect.FalseWhenNull(Translate(u.Operand))})"
                : $"(-{Translate(u.Operand)})",
            SingleValuePropertyAccessNode p => Property(p),
            SingleValueFunctionCallNode f => Function(f),
            InNode i => In(i),
            AnyNode a => Lambda(a.Source, a.CurrentRangeVariable, a.Body, any: true),
            AllNode a => Lambda(a.Source, a.CurrentRangeVariable, a.Body, any: false),
            CountNode c => Count(c),
            SingleNavigationNode n => Column(n, "id"),
            ResourceRangeVariableReferenceNode r => Column(r, "id"),
            ParameterAliasNode p => Aliases is not null && Aliases.TryGetValue(p.Alias, out var aliased) && aliased is not null
                ? Translate(aliased)
                : throw new BadQueryException($"The parameter alias {p.Alias} has no value."),
            SingleValueOpenPropertyAccessNode o => throw new BadQueryException($"Unknown property '{o.Name}'."),
            SingleResourceFunctionCallNode f => throw new BadQueryException($"{f.Name} to an entity type is not supported in expressions; isof and cast work on primitive values."),
            _ => throw new NotSupportedQueryException($"{Describe(node)} is not supported in expressions."),
        };
    }

    /// <summary>The mirror column <paramref name="column"/> of the entity <paramref name="source"/> stands for.</summary>
    public string Column(SingleResourceNode source, string column)
    {
        switch (source)
        {
            case ResourceRangeVariableReferenceNode r:
                return $"{Range(r.RangeVariable.Name).Alias}.{SqlContext.Quote(column)}";
            case SingleNavigationNode n:
                var navigation = Sql.Model.Navigation(n.NavigationProperty);
                if (navigation.IsCollection)
                    throw new NotSupportedQueryException($"'{n.NavigationProperty.Name}' is not a single navigation.");
                string a = Sql.NewAlias();
                string key = Column(n.Source, navigation.SourceColumn);
                return $"(SELECT {a}.{SqlContext.Quote(column)} FROM {Sql.Scope.Source(navigation.Target, Sql)} AS {a} " +
                       $"WHERE {a}.\"id\" = {key} AND {Sql.Scope.Predicate(navigation.Target, a, Sql)})";
            default:
                throw new NotSupportedQueryException($"{Describe(source)} is not supported.");
        }
    }

    public EntitySetMap SetOf(SingleResourceNode source) => source switch
    {
        ResourceRangeVariableReferenceNode r => Range(r.RangeVariable.Name).Set,
        SingleNavigationNode n => Sql.Model.Navigation(n.NavigationProperty).Target,
        _ => throw new NotSupportedQueryException($"{Describe(source)} is not supported."),
    };

    private (EntitySetMap Set, string Alias) Range(string name) =>
        _ranges.TryGetValue(name, out var bound) ? bound : throw new BadQueryException($"Unknown range variable '{name}'.");

    private string Property(SingleValuePropertyAccessNode node)
    {
        var column = Sql.Model.FindColumn(node.Property) ?? throw new BadQueryException($"Unknown property '{node.Property.Name}'.");
        return node.Source is SingleResourceNode source
            ? Column(source, column.Column)
            : throw new NotSupportedQueryException($"Properties of {Describe(node.Source)} are not supported.");
    }

    private string Constant(object? value) => value is null ? "NULL" : Sql.Add(Sql.Dialect.Literal(value));

    private string Convert(ConvertNode node)
    {
        var target = node.TypeReference?.AsPrimitive().PrimitiveKind();
        var sourceType = node.Source.TypeReference?.AsPrimitive().PrimitiveKind();
        // A Date meeting a DateTimeOffset is promoted to midnight UTC.
        if (target == EdmPrimitiveTypeKind.DateTimeOffset && sourceType == EdmPrimitiveTypeKind.Date)
        {
            if (node.Source is ConstantNode constant && EdmValues.Normalize(constant.Value) is DateOnly date)
                return Sql.Add(Sql.Dialect.Literal(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
            return Sql.Dialect.DateAsTimestamp(Translate(node.Source));
        }
        return Translate(node.Source);
    }

    private string In(InNode node)
    {
        string left = Translate(node.Left);
        if (node.Right is not CollectionConstantNode list)
            throw new NotSupportedQueryException("'in' is supported with a literal list only, e.g. ProjectId in (1,2,3).");
        var values = list.Collection.Where(c => c.Value is not null).Select(c => Constant(c.Value)).ToList();
        bool hasNull = list.Collection.Any(c => c.Value is null);
        string inList = values.Count == 0 ? Sql.Dialect.False : $"{left} IN ({string.Join(", ", values)})";
        return hasNull ? $"({inList} OR {left} IS NULL)" : $"({inList})";
    }

    private string Lambda(CollectionNode source, RangeVariable variable, SingleValueNode? body, bool any)
    {
        if (source is not CollectionNavigationNode navigationNode)
            throw new NotSupportedQueryException("any/all are supported over navigation collections only.");
        if (++_lambdaDepth > Sql.Limits.MaxAnyAllDepth)
            throw new QueryLimitException($"any/all may nest at most {Sql.Limits.MaxAnyAllDepth} deep.");
        try
        {
            var (set, alias, from) = Related(navigationNode);
            if (variable is not null)
                _ranges[variable.Name] = (set, alias);
            string condition = body is null ? Sql.Dialect.True : Translate(body);
            return any
                ? $"EXISTS (SELECT 1 {from} AND ({condition}))"
                : $"NOT EXISTS (SELECT 1 {from} AND NOT {Sql.Dialect.FalseWhenNull($"({condition})")})";
        }
        finally
        {
            _lambdaDepth--;
        }
    }

    private string Count(CountNode node)
    {
        if (node.Source is not CollectionNavigationNode navigationNode)
            throw new NotSupportedQueryException("$count in expressions is supported over navigation collections only.");
        var (_, _, from) = Related(navigationNode);
        return $"(SELECT count(*) {from})";
    }

    /// <summary><c>FROM target AS a WHERE scope AND join</c> for the rows a collection navigation reaches.</summary>
    private (EntitySetMap Set, string Alias, string From) Related(CollectionNavigationNode node)
    {
        var navigation = Sql.Model.Navigation(node.NavigationProperty);
        if (node.Source is not SingleResourceNode source)
            throw new NotSupportedQueryException($"{Describe(node.Source)} is not supported.");
        string sourceValue = Column(source, navigation.SourceColumn);
        string a = Sql.NewAlias();
        string from = $"FROM {Sql.Scope.Source(navigation.Target, Sql)} AS {a} " +
                      $"WHERE {Sql.Scope.Predicate(navigation.Target, a, Sql)} AND {navigation.JoinPredicate(a, sourceValue)}";
        return (navigation.Target, a, from);
    }

    internal static string Describe(QueryNode node) => node.GetType().Name.Replace("Node", "", StringComparison.Ordinal);
}
