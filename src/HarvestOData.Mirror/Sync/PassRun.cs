using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// One runner's pass over one resource while it holds the lease: counts calls and pages, reports progress, and commits
/// each page together with the lease renewal, the parents it queues and its checkpoint, in one transaction.
/// </summary>
internal sealed class PassRun(ResourceDefinition resource, string owner, IWorkProgress progress, MirrorDatabase database, SyncLease lease, TimeProvider time)
{
    private int _calls;
    private int _pagesDone;
    private int? _pagesKnown;
    private long _changed;
    private long _deleted;

    public ResourceDefinition Resource { get; } = resource;

    public string Owner { get; } = owner;

    public string Kind { get; set; } = "incremental";

    public MirrorDatabase Database { get; } = database;

    public TimeProvider Time { get; } = time;

    public int Calls => Volatile.Read(ref _calls);

    public long Changed => Interlocked.Read(ref _changed);

    public long Deleted => Interlocked.Read(ref _deleted);

    public int PagesDone => Volatile.Read(ref _pagesDone);

    public int? PagesKnown
    {
        get => _pagesKnown;
        set => _pagesKnown = value;
    }

    public void CountCall() => Interlocked.Increment(ref _calls);

    public void CountDeleted(long rows) => Interlocked.Add(ref _deleted, rows);

    public void StartPhase(string kind, int pagesDone = 0, int? pagesKnown = null)
    {
        Kind = kind;
        Volatile.Write(ref _pagesDone, pagesDone);
        _pagesKnown = pagesKnown;
        Report();
    }

    public void Report(string? phase = null) =>
        progress.Report(new SyncProgress(Resource.Name, phase ?? Kind, PagesDone, _pagesKnown, Changed, Calls));

    /// <summary>
    /// Upserts <paramref name="records"/>, queues the changed parents' per-parent lists, runs <paramref name="also"/>, and
    /// writes the checkpoint columns: all or nothing. Returns the ids whose rows changed.
    /// </summary>
    public async Task<IReadOnlyList<long>> CommitPageAsync(IReadOnlyList<HarvestRecord> records, long? parentId,
        Func<DbConnection, DbTransaction, SyncStateUpdate[]>? checkpoint,
        Func<DbConnection, DbTransaction, Task>? also, CancellationToken cancellationToken)
    {
        IReadOnlyList<long> changed = [];
        await CommitAsync(async (connection, transaction) =>
        {
            changed = await UpsertAsync(connection, transaction, records, parentId, cancellationToken);
            if (also is not null)
                await also(connection, transaction);
            return changed.Count;
        }, pages: 1, checkpoint, cancellationToken);
        return changed;
    }

    /// <summary>Upserts rows of this resource in the caller's transaction and queues the changed parents' per-parent lists.</summary>
    public async Task<IReadOnlyList<long>> UpsertAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<HarvestRecord> records, long? parentId, CancellationToken cancellationToken)
    {
        var ids = await PageUpsert.For(Resource).UpsertAsync(connection, transaction, records, parentId, cancellationToken);
        await ParentQueue.EnqueueAsync(connection, transaction, Resource, ids, cancellationToken);
        return ids;
    }

    /// <summary>
    /// One transaction: renews the lease, runs <paramref name="work"/> (which returns how many rows changed), counts
    /// <paramref name="pages"/> done and writes the checkpoint columns with the progress.
    /// </summary>
    public async Task CommitAsync(Func<DbConnection, DbTransaction, Task<long>> work, int pages,
        Func<DbConnection, DbTransaction, SyncStateUpdate[]>? checkpoint, CancellationToken cancellationToken)
    {
        long changed = await Database.WriteAsync(async (connection, transaction) =>
        {
            await lease.RenewAsync(connection, transaction, Resource.Name, Owner, cancellationToken);
            long rows = await work(connection, transaction);
            SyncStateUpdate[] columns = [SyncStateColumns.PagesDone.Set(PagesDone + pages), SyncStateColumns.PagesKnown.Set(_pagesKnown), .. checkpoint?.Invoke(connection, transaction) ?? []];
            await SyncStateStore.UpdateAsync(connection, transaction, Resource.Name, cancellationToken, columns);
            return rows;
        }, cancellationToken);
        Interlocked.Add(ref _pagesDone, pages);
        Interlocked.Add(ref _changed, changed);
        Report();
    }
}
