using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// One column of <c>sync_state</c> and the <see cref="SyncState"/> property it holds. The columns are listed once, in
/// <see cref="SyncStateColumns"/>; the table, the reader and every update are derived from that list.
/// </summary>
public abstract class SyncStateColumn
{
    private protected SyncStateColumn(string name, FieldType type, bool nullable)
    {
        Name = name;
        Type = type;
        Nullable = nullable;
    }

    public string Name { get; }

    public FieldType Type { get; }

    public bool Nullable { get; }

    /// <summary>The column quoted for SQL.</summary>
    public string Sql => StoredValue.Quote(Name);

    /// <summary><paramref name="state"/> with this column's property set from its stored value.</summary>
    internal abstract SyncState Read(SyncState state, object? stored);
}

/// <summary>A <c>sync_state</c> column holding values of <typeparamref name="T"/>.</summary>
public sealed class SyncStateColumn<T> : SyncStateColumn
{
    private readonly Func<SyncState, T, SyncState> _with;

    internal SyncStateColumn(string name, FieldType type, Func<SyncState, T, SyncState> with)
        : base(name, type, nullable: default(T) is null)
    {
        _with = with;
    }

    /// <summary>An update setting this column to <paramref name="value"/>.</summary>
    public SyncStateUpdate Set(T value) => new(this, value);

    internal override SyncState Read(SyncState state, object? stored) => _with(state, stored switch
    {
        null => default!,
        T typed => typed,
        // Counts are stored as INTEGER (long); the record keeps pages as int.
        long number => (T)(object)checked((int)number),
        _ => throw new InvalidCastException($"sync_state.{Name} holds a {stored.GetType().Name}, not a {typeof(T).Name}."),
    });
}

/// <summary>One column set to one value, as <see cref="SyncStateStore.UpdateAsync"/> writes it.</summary>
public readonly record struct SyncStateUpdate(SyncStateColumn Column, object? Value);
