using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Query.Search;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using Microsoft.OData.UriParser.Aggregation;

namespace HarvestOData.Server.OData.Query.Apply;

/// <summary>The rows a cut left, as a subquery under the entity query's alias, and the order it cut them in.</summary>
public sealed record EntityCut(string Rows, IReadOnlyList<OrderByKey> Order);

/// <summary>
/// What an <c>$apply</c> that keeps entities asks of an entity query (<see cref="ApplyQuery.KeepingEntities"/>): the
/// filters it still applies, the computed values, and the cut (null without <c>top()</c>/<c>skip()</c>), built for the
/// query's alias.
/// </summary>
public sealed record EntitySteps(IReadOnlyList<FilterClause> Filters, ComputeClause? Compute, Func<string, EntityCut>? Cut);

/// <summary>
/// The steps of an <c>$apply</c> over entities, before any grouping: <c>filter</c> adds to the WHERE, <c>compute</c>
/// names expressions over the row, <c>orderby</c> sets the order of the next cut, and <c>top</c>/<c>skip</c> cut the
/// rows so far (in that order, the key breaking ties) into a subquery under the same alias, which later steps read.
/// The caller's scope, the path's restriction and <c>$search</c> apply first, so a cut only ever sees visible rows.
/// </summary>
internal sealed class EntityStage
{
    private readonly ApplyInput _input;
    private readonly List<string> _nativeText = [];

    public EntityStage(ApplyInput input, string alias)
    {
        _input = input;
        Alias = alias;
        Where = [input.Sql.Scope.Predicate(input.Set, alias, input.Sql)];
        if (input.Restriction is not null)
            Where.Add(input.Restriction(alias));
        if (input.Search is not null)
            Where.Add(SearchTranslator.Translate(input.Search, input.Set, alias, input.Sql));
    }

    public string Alias { get; }

    /// <summary>Conditions on the rows so far: the scope's and the filters', or, after a cut, the filters since.</summary>
    public List<string> Where { get; private set; }

    public Dictionary<string, (string Sql, IEdmTypeReference? Type)> Computed { get; } = new(StringComparer.Ordinal);

    /// <summary>The last <c>orderby()</c>, translated over the alias.</summary>
    public List<OrderByKey> Order { get; } = [];

    /// <summary>The rows so far as a subquery once a cut was made; null while they are the scoped set itself.</summary>
    public string? Rows { get; private set; }

    /// <summary>Applies <paramref name="step"/> (<paramref name="node"/> is ODataLib's binding of a native one); false when it is not an entity step.</summary>
    public bool Take(ApplyStep step, TransformationNode? node)
    {
        if (step.IsNative)
            _nativeText.Add(step.Text);
        switch (node)
        {
            case FilterTransformationNode f:
                Where.Add(ApplyQuery.EntityTranslator(_input, _input.Set, Alias, Computed, f.FilterClause.RangeVariable.Name).Translate(f.FilterClause.Expression));
                return true;
            case ComputeTransformationNode c:
                foreach (var e in c.Expressions)
                    Computed[e.Alias] = ("(" + ApplyQuery.EntityTranslator(_input, _input.Set, Alias, Computed, "$it").Translate(e.Expression) + ")", e.Expression.TypeReference);
                return true;
            case null when step.Name == "orderby":
                Order.Clear();
                for (var clause = ApplyQuery.ParseOrderBy(_input, _nativeText, step.Argument); clause is not null; clause = clause.ThenBy)
                {
                    var translator = ApplyQuery.EntityTranslator(_input, _input.Set, Alias, Computed, clause.RangeVariable?.Name ?? "$it");
                    Order.Add(new OrderByKey(translator.Translate(clause.Expression), clause.Direction == OrderByDirection.Descending, OrderByKey.KindOf(clause.Expression.TypeReference)));
                }
                return true;
            case null when step.Name is "top" or "skip":
                Cut(step);
                return true;
            case null when step.Name == "identity":
                return true;
            default:
                return false;
        }
    }

    private void Cut(ApplyStep step)
    {
        var sql = _input.Sql;
        var keys = Order.Append(new OrderByKey($"{Alias}.{SqlContext.Quote(_input.Set.Key.Column)}", false, EdmPrimitiveTypeKind.Int64, NotNull: true));
        string limit = step.Name == "top" ? sql.Add(ApplyQuery.Count(step)) : sql.Dialect.NoLimit;
        string offset = step.Name == "skip" ? " OFFSET " + sql.Add(ApplyQuery.Count(step)) : "";
        Rows = $"(SELECT {Alias}.* FROM {Rows ?? sql.Scope.Source(_input.Set, sql)} AS {Alias} WHERE {string.Join(" AND ", Where)} " +
               $"ORDER BY {string.Join(", ", keys.Select(k => sql.Dialect.OrderKey(k.Sql, k.Descending, k.Kind, k.NotNull)))} LIMIT {limit}{offset})";
        Where = [sql.Dialect.True];
    }
}
