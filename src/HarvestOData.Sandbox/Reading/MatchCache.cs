namespace HarvestOData.Sandbox.Reading;

/// <summary>
/// The last few filtered lists, so walking 500 pages of a million time entries filters and sorts once instead of
/// per page. Keys include the store's version, so any change starts afresh.
/// </summary>
internal sealed class MatchCache
{
    private const int Capacity = 16;
    private readonly Dictionary<string, int[]> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public int[] GetOrAdd(string key, Func<int[]> compute)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var found))
                return found;
        }
        var rows = compute();
        lock (_gate)
        {
            if (_entries.TryAdd(key, rows))
            {
                _order.Enqueue(key);
                while (_order.Count > Capacity)
                    _entries.Remove(_order.Dequeue());
            }
        }
        return rows;
    }
}
