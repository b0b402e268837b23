using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Validator;

namespace HarvestOData.Server.OData.Query;

/// <summary>
/// Limits that keep one request from monopolising the mirror (README "Limits"). Defaults are generous for BI use:
/// Power Query's preview asks for <c>$top=1000</c>, refreshes page through everything.
/// </summary>
public sealed record QueryLimits
{
    /// <summary>Largest <c>$top</c> (and <c>$skip</c>) accepted; server paging applies below it anyway.</summary>
    public long MaxTop { get; init; } = 1_000_000;

    public long MaxSkip { get; init; } = 10_000_000;

    /// <summary>Nesting of <c>$expand</c> (<c>Projects?$expand=Client($expand=Contacts)</c> is depth 2).</summary>
    public int MaxExpansionDepth { get; init; } = 3;

    public int MaxExpansionCount { get; init; } = 20;

    /// <summary>Expressions in <c>$filter</c>, <c>$orderby</c>, <c>$apply</c> and <c>$search</c> together.</summary>
    public int MaxNodeCount { get; init; } = 1000;

    public int MaxAnyAllDepth { get; init; } = 3;

    public int MaxParameters { get; init; } = 2000;

    /// <summary>Longest query string (Power Query gives up above 2048 anyway).</summary>
    public int MaxQueryLength { get; init; } = 8192;

    /// <summary>Longest time a statement may run before SQLite is interrupted.</summary>
    public TimeSpan MaxQueryTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// These limits as AspNetCoreOData validates query options, for reads and for the representation a write returns
    /// alike; every query option the library knows is allowed (the SQL compiler answers 501 for the few it does not run).
    /// </summary>
    public ODataValidationSettings ValidationSettings => new()
    {
        AllowedQueryOptions = AllowedQueryOptions.All,
        AllowedFunctions = AllowedFunctions.AllFunctions,
        AllowedArithmeticOperators = AllowedArithmeticOperators.All,
        AllowedLogicalOperators = AllowedLogicalOperators.All,
        MaxTop = checked((int)MaxTop),
        MaxSkip = checked((int)MaxSkip),
        MaxExpansionDepth = MaxExpansionDepth,
        MaxNodeCount = MaxNodeCount,
        MaxOrderByNodeCount = MaxNodeCount,
        MaxAnyAllExpressionDepth = MaxAnyAllDepth,
    };
}

/// <summary>A request exceeds a <see cref="QueryLimits"/> value: answered 400 naming the limit.</summary>
public sealed class QueryLimitException(string message) : Exception(message);

/// <summary>A valid OData request the service does not implement: answered 501.</summary>
public sealed class NotSupportedQueryException(string message) : Exception(message);

/// <summary>A request that is wrong in a way the URI parser did not catch: answered 400.</summary>
public sealed class BadQueryException(string message) : Exception(message);
