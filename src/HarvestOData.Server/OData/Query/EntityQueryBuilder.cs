using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Expand;
using HarvestOData.Server.OData.Query.Filter;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Query.Search;
using HarvestOData.Server.OData.Query.Select;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Query;

/// <summary>Compiles one level of query options (and, recursively, its expansions) into an <see cref="EntityQuery"/>.</summary>
public sealed class EntityQueryBuilder(SqlContext sql, IDictionary<string, SingleValueNode>? aliases)
{
    /// <param name="restriction">Extra WHERE over the alias: the resource path (<c>Projects(1)/TimeEntries</c>) or an expansion's join.</param>
    public EntityQuery Build(EntitySetMap set, LevelOptions options, Func<string, string>? restriction, int depth = 0)
    {
        string a = sql.NewAlias();
        var cut = options.Cut?.Invoke(a);
        var computed = Computed(set, options.Compute, a);
        var where = new List<string> { sql.Scope.Predicate(set, a, sql) };
        if (restriction is not null)
            where.Add(restriction(a));
        foreach (var filter in options.MoreFilters.Prepend(options.Filter))
        {
            if (filter is not null)
                where.Add(Translator(filter.RangeVariable.Name, set, a, computed).Translate(filter.Expression));
        }
        if (options.Search is not null)
            where.Add(SearchTranslator.Translate(options.Search, set, a, sql));

        var select = new SelectList();
        var shape = new RowShape(set) { KeyOrdinal = select.Add(Column(a, "id")) };
        if (set.UpdatedAt is not null)
        {
            // The tag is updated_at (what If-Match is checked against in Harvest) and the mirror's row version (which
            // moves with every change, even two in one second); the writer joins them, SQLite need not.
            shape.EtagOrdinal = select.Add(Column(a, set.UpdatedAt.Column));
            shape.VersionOrdinal = select.Add(Column(a, HarvestOData.Mirror.Store.RowVersion.Column));
        }
        foreach (var column in Selected(set, options.SelectExpand))
            shape.Properties.Add((column, select.Add(Column(a, column.Column))));
        foreach (var item in SelectedComputed(options.SelectExpand, options.Compute))
            shape.Computed.Add(new ComputedColumn(item.Alias, item.Expression.TypeReference, select.Add(computed[item.Alias])));

        // Without $orderby, the rows an $apply cut keep the order it cut them in.
        var keys = options.OrderBy is null && cut is not null ? cut.Order.ToList() : [];
        for (var clause = options.OrderBy; clause is not null; clause = clause.ThenBy)
        {
            if (clause.Expression.TypeReference is { } type && !type.IsPrimitive())
                throw new BadQueryException("$orderby needs primitive values, not entities or collections.");
            keys.Add(new OrderByKey(Translator(clause.RangeVariable.Name, set, a, computed).Translate(clause.Expression),
                clause.Direction == OrderByDirection.Descending, OrderByKey.KindOf(clause.Expression.TypeReference)));
        }
        keys.Add(new OrderByKey(Column(a, "id"), false, EdmPrimitiveTypeKind.Int64, NotNull: true));
        foreach (var key in keys)
            shape.SortOrdinals.Add(select.Add(key.Sql));

        foreach (var item in options.SelectExpand?.SelectedItems.OfType<ExpandedNavigationSelectItem>() ?? [])
            shape.Expansions.Add(Expand(a, select, item, depth));
        if (options.SelectExpand?.SelectedItems.Any(i => i is ExpandedReferenceSelectItem and not ExpandedNavigationSelectItem) == true)
            throw new NotSupportedQueryException("$expand with /$ref is not supported.");

        shape.ColumnCount = select.Count;
        return new EntityQuery(set, cut?.Rows ?? sql.Scope.Source(set, sql), a, select.ToString(), string.Join(" AND ", where), keys, shape, sql.Dialect);
    }

    private Expansion Expand(string parentAlias, SelectList select, ExpandedNavigationSelectItem item, int depth)
    {
        if (depth + 1 > sql.Limits.MaxExpansionDepth)
            throw new QueryLimitException($"$expand may nest at most {sql.Limits.MaxExpansionDepth} levels.");
        if (item.PathToNavigationProperty.LastSegment is not NavigationPropertySegment segment)
            throw new NotSupportedQueryException("Only navigation properties can be expanded.");
        var navigation = sql.Model.Navigation(segment.NavigationProperty);
        int sourceOrdinal = select.Add(Column(parentAlias, navigation.SourceColumn));
        int slot = sql.Slot();
        var options = LevelOptions.Of(item);
        if (!navigation.IsCollection && (options.Top is not null || options.Skip is not null || options.OrderBy is not null || options.Count))
            throw new BadQueryException($"$top, $skip, $orderby and $count do not apply to the single navigation '{navigation.Name}'.");
        var child = Build(navigation.Target, options, alias => navigation.JoinPredicate(alias, sql.Dialect.Placeholder(slot)), depth + 1);
        string? limit = navigation.IsCollection ? Limit(options.Top) : sql.Add(1L);
        string? offset = options.Skip is { } skip ? sql.Add(Math.Min(skip, sql.Limits.MaxSkip)) : null;
        string childSql = child.SelectSql(null, limit ?? (offset is null ? null : sql.Dialect.NoLimit), offset);
        return new Expansion(navigation, sourceOrdinal, slot, childSql, child.Shape, options.Count ? child.CountSql() : null);
    }

    private string? Limit(long? top) => top is { } value ? sql.Add(value) : null;

    private ExpressionTranslator Translator(string rangeVariable, EntitySetMap set, string alias, Dictionary<string, string>? computed = null) =>
        new ExpressionTranslator(sql)
        {
            Aliases = aliases,
            Override = computed is { Count: > 0 } ? node => node is SingleValueOpenPropertyAccessNode open && computed.TryGetValue(open.Name, out string? value) ? value : null : null,
        }.Bind(rangeVariable, set, alias);

    /// <summary>The SQL of each <c>$compute</c> alias over the level's row; computed once, referenced by filter, order and select.</summary>
    private Dictionary<string, string> Computed(EntitySetMap set, ComputeClause? clause, string alias)
    {
        var computed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in clause?.ComputedItems ?? [])
        {
            if (set.Type.FindProperty(item.Alias) is not null)
                throw new BadQueryException($"The $compute alias '{item.Alias}' is already a property of {set.Type.Name}; choose another name.");
            if (computed.ContainsKey(item.Alias))
                throw new BadQueryException($"The $compute alias '{item.Alias}' is used twice.");
            if (item.Expression.TypeReference is { } type && !type.IsPrimitive())
                throw new BadQueryException($"$compute '{item.Alias}' must compute a primitive value.");
            computed[item.Alias] = "(" + Translator("$it", set, alias).Translate(item.Expression) + ")";
        }
        return computed;
    }

    /// <summary>The computed columns a <c>$select</c> names (all of them without <c>$select</c> or with <c>*</c>).</summary>
    private static IEnumerable<ComputeExpression> SelectedComputed(SelectExpandClause? clause, ComputeClause? compute)
    {
        var items = compute?.ComputedItems.ToList() ?? [];
        if (items.Count == 0 || clause is null || clause.AllSelected || clause.SelectedItems.Any(i => i is WildcardSelectItem))
            return items;
        var names = clause.SelectedItems.OfType<PathSelectItem>().Select(i => i.SelectedPath.LastSegment).OfType<DynamicPathSegment>()
            .Select(s => s.Identifier).ToHashSet(StringComparer.Ordinal);
        return items.Where(i => names.Contains(i.Alias));
    }

    private static string Column(string alias, string column) => alias + "." + SqlContext.Quote(column);

    /// <summary>The properties a <c>$select</c> asks for, in model order (all of them without <c>$select</c>).</summary>
    public static IReadOnlyList<ColumnMap> Selected(EntitySetMap set, SelectExpandClause? clause)
    {
        if (clause is null || clause.AllSelected || clause.SelectedItems.Any(i => i is WildcardSelectItem or NamespaceQualifiedWildcardSelectItem))
            return set.Columns;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in clause.SelectedItems.OfType<PathSelectItem>())
        {
            switch (item.SelectedPath.LastSegment)
            {
                case PropertySegment property:
                    names.Add(property.Property.Name);
                    break;
                case NavigationPropertySegment:
                case DynamicPathSegment:
                // A bound action or function named in $select (legal OData: it asks for its advertisement) selects no data.
                case OperationSegment:
                    break;
                default:
                    throw new NotSupportedQueryException($"Selecting '{item.SelectedPath.LastSegment.Identifier}' is not supported.");
            }
        }
        return set.Columns.Where(c => names.Contains(c.Name)).ToArray();
    }
}
