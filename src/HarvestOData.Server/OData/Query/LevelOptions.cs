using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Query;

/// <summary>The query options of one level: the request itself, or one <c>$expand</c> item's nested options.</summary>
public sealed record LevelOptions(
    SelectExpandClause? SelectExpand,
    FilterClause? Filter = null,
    OrderByClause? OrderBy = null,
    SearchClause? Search = null,
    long? Top = null,
    long? Skip = null,
    bool Count = false)
{
    /// <summary>Further filters ANDed with <see cref="Filter"/>: the steps of an <c>$apply</c> that only filters.</summary>
    public IReadOnlyList<FilterClause> MoreFilters { get; init; } = [];

    /// <summary>The level's <c>$compute</c>: columns computed per row, usable in <c>$select</c>, <c>$filter</c> and <c>$orderby</c>.</summary>
    public ComputeClause? Compute { get; init; }

    /// <summary>An <c>$apply</c> that cut the entities (<c>top()</c>, <c>skip()</c>): the rows to read instead of the set.</summary>
    public Func<string, Apply.EntityCut>? Cut { get; init; }

    /// <summary>The level's options with what an <c>$apply</c> that keeps entities adds.</summary>
    public LevelOptions With(Apply.EntitySteps steps) => this with { MoreFilters = steps.Filters, Compute = steps.Compute, Cut = steps.Cut };

    public static LevelOptions Of(ExpandedNavigationSelectItem item)
    {
        if (item.LevelsOption is not null)
            throw new NotSupportedQueryException("$levels is not supported; spell the nested $expand out.");
        if (item.ApplyOption is not null)
            throw new NotSupportedQueryException("$apply inside $expand is not supported.");
        return new LevelOptions(item.SelectAndExpand, item.FilterOption, item.OrderByOption, item.SearchOption, item.TopOption, item.SkipOption, item.CountOption == true)
        {
            Compute = item.ComputeOption,
        };
    }
}
