namespace HarvestOData.Server.OData.Query.Select;

/// <summary>The SELECT list being built: each expression once, remembered by its ordinal.</summary>
public sealed class SelectList
{
    private readonly List<string> _expressions = [];
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);

    public int Add(string expression)
    {
        if (_ordinals.TryGetValue(expression, out int ordinal))
            return ordinal;
        _expressions.Add(expression);
        return _ordinals[expression] = _expressions.Count - 1;
    }

    public int Count => _expressions.Count;

    public override string ToString() => string.Join(", ", _expressions);
}
