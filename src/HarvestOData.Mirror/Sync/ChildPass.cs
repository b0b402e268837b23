using System.Data.Common;
using System.Net;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Per-parent resources (invoice messages and payments, estimate messages, user rates): the lists of the parents
/// queued in <c>sync_parent_queue</c> are read whole, several at a time, and replace that parent's rows — which also
/// removes what Harvest deleted. A sweep queues every parent first. Lists are committed in small batches, each
/// parent's rows together with its dequeue, while the next lists are fetched.
/// </summary>
internal sealed class ChildPass(IHarvestClient client, SyncOptions options)
{
    private const int BatchParents = 64;

    private const int MaxRounds = 3;

    public async Task RunAsync(PassRun run, bool sweep, CancellationToken cancellationToken)
    {
        var child = run.Resource;
        var sweptAt = run.Time.GetUtcNow();
        if (sweep)
            await run.Database.WriteAsync((c, t) => ParentQueue.EnqueueAllAsync(c, t, child, cancellationToken), cancellationToken);

        // Parents the parent's own pass queues while this one runs (on a first start both run at once) are taken too:
        // that pass's inline run of this resource finds the lease held and is skipped, so nobody else would take them
        // before the next tick. A few rounds at most, so a parent queued again and again cannot keep the pass going.
        for (int round = 0; round < MaxRounds; round++)
        {
            List<long> pending;
            await using (var connection = await run.Database.OpenReadOnlyAsync(cancellationToken))
                pending = await ParentQueue.PendingAsync(connection, child, cancellationToken);
            if (round > 0 && pending.Count == 0)
                break;
            run.StartPhase(sweep ? "sweep" : "children", 0, pending.Count);
            await FetchPipeline.RunAsync<(long Parent, List<HarvestRecord>? Records)>(
                (lists, token) => Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = options.ParallelPages, CancellationToken = token },
                    async (parentId, inner) => await lists.WriteAsync((parentId, await ListParentAsync(run, parentId, inner)), inner)),
                async (lists, token) =>
                {
                    var batch = new List<(long Parent, List<HarvestRecord>? Records)>();
                    while (await lists.WaitToReadAsync(token))
                    {
                        while (batch.Count < BatchParents && lists.TryRead(out var item))
                            batch.Add(item);
                        await run.CommitAsync((connection, transaction) => CommitBatchAsync(run, connection, transaction, batch, token), batch.Count, null, token);
                        batch.Clear();
                    }
                }, capacity: 256, cancellationToken);
        }

        if (sweep)
        {
            await run.Database.WriteAsync((c, t) => SyncStateStore.UpdateAsync(c, t, child.Name, cancellationToken, SyncStateColumns.LastChildSweepAt.Set(sweptAt)),
                cancellationToken);
        }
    }

    private static async Task<long> CommitBatchAsync(PassRun run, DbConnection connection, DbTransaction transaction,
        List<(long Parent, List<HarvestRecord>? Records)> batch, CancellationToken cancellationToken)
    {
        var child = run.Resource;
        long changed = 0;
        foreach (var (parentId, records) in batch)
        {
            // A parent Harvest no longer has (404) keeps its rows until the parent's own deletion check removes it with them.
            if (records is not null)
            {
                changed += (await run.UpsertAsync(connection, transaction, records, parentId, cancellationToken)).Count;
                var listed = records.Select(r => r.Id).ToHashSet();
                var stale = (await ChildIds(connection, transaction, child, parentId, cancellationToken)).Where(id => !listed.Contains(id)).ToList();
                run.CountDeleted(await RowDeletion.DeleteAsync(connection, transaction, child, stale,
                    $"no longer listed for {child.Parent} {parentId}", run.Time.GetUtcNow(), cascade: false, cancellationToken));
            }
            await ParentQueue.DequeueAsync(connection, transaction, child, parentId, cancellationToken);
        }
        return changed;
    }

    private async Task<List<HarvestRecord>?> ListParentAsync(PassRun run, long parentId, CancellationToken cancellationToken)
    {
        var query = new ListQuery { ParentId = parentId };
        try
        {
            // The parent's list is read whole and what it lacks is deleted: a page that contradicts itself (fewer rows
            // than its total says) has the whole list read again, a few times, and then fails the pass instead.
            for (int attempt = 1; ; attempt++)
            {
                var records = new List<HarvestRecord>();
                string? problem = null;
                await foreach (var page in client.ListAsync(run.Resource, query, RequestPriority.Background, cancellationToken))
                {
                    run.CountCall();
                    records.AddRange(page.Records);
                    problem = ListAnswer.Contradiction(page, query.PerPage, page.Number, cursorPage: page.Number > 1 && run.Resource.Paging == Paging.Cursor);
                    if (problem is not null)
                        break;
                }
                if (problem is null)
                    return records;
                if (attempt >= ListAnswer.Attempts)
                    throw new ContradictoryAnswerException($"Harvest's answer for {run.Resource.Name} of {run.Resource.Parent} {parentId} contradicts itself ({problem}) after {ListAnswer.Attempts} tries; nothing was deleted.");
            }
        }
        catch (HarvestApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<List<long>> ChildIds(DbConnection connection, DbTransaction transaction, ResourceDefinition child, long parentId,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id FROM {StoredValue.Quote(child.Name)} WHERE {StoredValue.Quote(child.ParentColumn!)} = @parent;";
        command.AddParameter("@parent", parentId);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        return ids;
    }
}
