using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>
/// The rows of one catalog resource, column by column. Rows are appended in id order and never move (a delete
/// leaves a tombstone), so the row order is the id order: finding an id is a binary search and "newest created
/// first" is walking the rows backwards.
/// </summary>
internal sealed class Table
{
    private readonly Dictionary<string, Column> _byName;
    private bool[] _deleted = [];
    private int _capacity;
    private Dictionary<long, List<int>>? _byParent;
    private long _byParentVersion = -1;
    private readonly Lock _byParentGate = new();

    public Table(ResourceDefinition resource, int capacity = 16)
    {
        Resource = resource;
        Columns = resource.Fields.Select(Store.Column.For).ToArray();
        _byName = Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        Ids = (LongColumn)_byName["id"];
        foreach (var link in resource.Links)
            Links[link.JsonKey] = [];
        Reserve(Math.Max(capacity, 16));
    }

    public ResourceDefinition Resource { get; }

    public string Name => Resource.Name;

    public IReadOnlyList<Column> Columns { get; }

    public LongColumn Ids { get; }

    /// <summary>Rows allocated, tombstones included.</summary>
    public int Count { get; private set; }

    public int LiveCount { get; private set; }

    /// <summary>Bumped on every change so cached orders and filtered lists know they are stale.</summary>
    public long Version { get; private set; }

    /// <summary>Link arrays by JSON key (<c>user_ids</c>): owner id → target ids.</summary>
    public Dictionary<string, Dictionary<long, List<long>>> Links { get; } = new(StringComparer.Ordinal);

    public long LastId => Count == 0 ? 0 : Ids[Count - 1];

    /// <summary>The id the next row gets: one above the last ever given (deleted ids are never reused).</summary>
    public long NextId => LastId + 1;

    public Column Column(string name) =>
        _byName.TryGetValue(name, out var column) ? column : throw new KeyNotFoundException($"{Name} has no column '{name}'.");

    public Column? FindColumn(string name) => _byName.GetValueOrDefault(name);

    public T Column<T>(string name) where T : Column => (T)Column(name);

    public bool IsLive(int row) => row >= 0 && row < Count && !_deleted[row];

    public void Touch() => Version++;

    public void Reserve(int capacity)
    {
        if (capacity <= _capacity)
            return;
        foreach (var column in Columns)
            column.Grow(capacity);
        Array.Resize(ref _deleted, capacity);
        _capacity = capacity;
    }

    /// <summary>Adds a row; ids must grow so the row order stays the id order.</summary>
    public int Append(long id)
    {
        if (Count > 0 && id <= LastId)
            throw new InvalidOperationException($"{Name}: id {id} is not above the last id {LastId}.");
        if (Count == _capacity)
            Reserve(_capacity * 2);
        int row = Count++;
        Ids[row] = id;
        LiveCount++;
        Version++;
        return row;
    }

    public void Remove(int row)
    {
        if (!IsLive(row))
            return;
        _deleted[row] = true;
        LiveCount--;
        foreach (var links in Links.Values)
            links.Remove(Ids[row]);
        Version++;
    }

    /// <summary>The live row holding <paramref name="id"/>, or -1.</summary>
    public int Find(long id)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            long found = Ids[middle];
            if (found == id)
                return _deleted[middle] ? -1 : middle;
            if (found < id)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }

    public IEnumerable<int> LiveRows()
    {
        for (int row = 0; row < Count; row++)
        {
            if (!_deleted[row])
                yield return row;
        }
    }

    /// <summary>Live rows whose parent column holds <paramref name="parentId"/> (line items of an invoice), in id order.</summary>
    public IReadOnlyList<int> ChildrenOf(long parentId)
    {
        // Readers share the store lock, so the lazily rebuilt index needs its own.
        lock (_byParentGate)
            return ChildrenOfLocked(parentId);
    }

    private List<int> ChildrenOfLocked(long parentId)
    {
        if (_byParentVersion != Version || _byParent is null)
        {
            var parentColumn = Column<LongColumn>(Resource.ParentColumn
                ?? throw new InvalidOperationException($"{Name} has no parent."));
            var index = new Dictionary<long, List<int>>();
            foreach (int row in LiveRows())
            {
                long parent = parentColumn[row];
                if (!index.TryGetValue(parent, out var rows))
                    index[parent] = rows = [];
                rows.Add(row);
            }
            _byParent = index;
            _byParentVersion = Version;
        }
        return _byParent.TryGetValue(parentId, out var found) ? found : [];
    }

    public IReadOnlyList<long> LinkTargets(string jsonKey, long ownerId) =>
        Links[jsonKey].TryGetValue(ownerId, out var targets) ? targets : [];

    public void SetLinks(string jsonKey, long ownerId, IEnumerable<long> targets)
    {
        Links[jsonKey][ownerId] = targets.Distinct().ToList();
        Version++;
    }
}
