using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Store;

/// <summary>
/// Every table of the emulated account behind one reader/writer lock: requests read under the read lock, every
/// mutation (API write, test helper) runs under the write lock, so a list page is always a consistent snapshot.
/// </summary>
internal sealed class SandboxStore : IDisposable
{
    private readonly Dictionary<string, Table> _tables;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);
    private readonly TimeProvider _time;

    public SandboxStore(TimeProvider time, IReadOnlyDictionary<string, int>? capacities = null)
    {
        _time = time;
        _tables = EntityCatalog.All.ToDictionary(
            r => r.Name,
            r => new Table(r, capacities?.GetValueOrDefault(r.Name) ?? 16),
            StringComparer.Ordinal);
    }

    public IEnumerable<Table> Tables => _tables.Values;

    public Table this[string resource] =>
        _tables.TryGetValue(resource, out var table) ? table : throw new KeyNotFoundException($"No resource '{resource}'.");

    public Table? Find(string resource) => _tables.GetValueOrDefault(resource);

    public Table Company => _tables["company"];

    /// <summary>The clock at Harvest's second precision.</summary>
    public DateTimeOffset Now
    {
        get
        {
            long seconds = _time.GetUtcNow().ToUnixTimeSeconds();
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
    }

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public bool WantsTimestampTimers => Company.Column<BoolColumn>("wants_timestamp_timers").Nullable(0) == true;


    public T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public T Write<T>(Func<T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            return write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Write(Action write) => Write(() =>
    {
        write();
        return 0;
    });

    /// <summary>A typed copy of one row with its embedded children and links.</summary>
    public HarvestRecord Record(Table table, int row)
    {
        var record = new HarvestRecord(table.Resource);
        foreach (var column in table.Columns)
            record[column.Name] = column.Get(row);
        long id = table.Ids[row];
        foreach (var child in EntityCatalog.EmbeddedIn(table.Resource))
        {
            var childTable = this[child.Name];
            record.Children[child.Name] = childTable.ChildrenOf(id).Select(r => Record(childTable, r)).ToList();
        }
        foreach (var link in table.Resource.Links)
            record.Links[link.Table] = table.LinkTargets(link.JsonKey, id).ToList();
        return record;
    }

    public void Dispose() => _lock.Dispose();
}
