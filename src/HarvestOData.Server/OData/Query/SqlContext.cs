using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Scope;

namespace HarvestOData.Server.OData.Query;

/// <summary>
/// Shared state of the SQL built for one request: the parameter list (values are never spliced into SQL; the
/// statements of one request share the list and bind the prefix they use), table aliases and the caller's scope.
/// </summary>
public sealed class SqlContext(ServiceModel model, RowScope scope, QueryLimits limits, TimeProvider time, SqlDialect dialect)
{
    private readonly List<object?> _values = [];
    private int _aliases;
    private int _nodes;

    public ServiceModel Model { get; } = model;

    public RowScope Scope { get; } = scope;

    public QueryLimits Limits { get; } = limits;

    public TimeProvider Time { get; } = time;

    /// <summary>How the mirror's database spells what SQLite and PostgreSQL spell differently.</summary>
    public SqlDialect Dialect { get; } = dialect;

    public IReadOnlyList<object?> Values => _values;

    /// <summary>A positional placeholder (<c>?3</c>, <c>$3</c>) bound to <paramref name="value"/> (long, double, string or null; on PostgreSQL also bool, decimal, DateOnly and DateTime).</summary>
    public string Add(object? value)
    {
        if (_values.Count >= Limits.MaxParameters)
            throw new QueryLimitException($"The query needs more than {Limits.MaxParameters} values; shorten lists and filters.");
        _values.Add(value);
        return Dialect.Placeholder(_values.Count);
    }

    /// <summary>A slot whose value changes per execution (the parent key of an expansion).</summary>
    /// <remarks>
    /// It holds a key until set: the statements that do not use it still bind it, and PostgreSQL refuses an untyped NULL
    /// parameter it cannot infer a type for.
    /// </remarks>
    public int Slot()
    {
        Add(0L);
        return _values.Count;
    }

    public void Set(int slot, object? value) => _values[slot - 1] = value;

    public string NewAlias() => "t" + _aliases++;

    /// <summary>Counts translated nodes so a hostile query fails fast and clearly instead of deep in SQLite.</summary>
    public void CountNode()
    {
        if (++_nodes > Limits.MaxNodeCount)
            throw new QueryLimitException($"The query has more than {Limits.MaxNodeCount} expressions.");
    }

    /// <summary>Identifier quoting as the mirror's own SQL does it (<see cref="StoredValue.Quote"/>).</summary>
    public static string Quote(string identifier) => StoredValue.Quote(identifier);
}
