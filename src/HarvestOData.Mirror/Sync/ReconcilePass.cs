using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// The deletion check of one resource, under the same lease as its incremental pass (a sweep must not race an
/// insert). It first runs the incremental step (so recent changes are not mistaken for deletions), then:
/// dated lists (time entries, expenses by spent_date; invoices, estimates by issue_date) compare counts per date
/// window and sweep only windows that differ (<see cref="DateWindowCheck"/>); other lists compare one count and
/// sweep whole when it differs (or when a sweep costs no more than the count); per-parent lists re-read every parent
/// when <see cref="SyncOptions.ChildSweepInterval"/> is due; roles and the company are diffed whole on every pass.
/// </summary>
public sealed class ReconcilePass(IHarvestClient client, SyncPass pass, IOptions<SyncOptions> options)
{
    private const int PageRows = 2000;
    private readonly SyncOptions _options = options.Value;

    public Task<PassResult> RunAsync(string resource, IWorkProgress? progress = null, CancellationToken cancellationToken = default) =>
        pass.RunLeasedAsync(resource, "reconcile", progress, async (run, state, token) =>
        {
            var now = run.Time.GetUtcNow();
            bool childSweepDue = state.LastChildSweepAt is not { } swept || now - swept >= _options.ChildSweepInterval;
            await pass.PassAsync(run, state, childSweepDue, token);
            var resourceDefinition = run.Resource;
            if (resourceDefinition.Kind == ResourceKind.TopLevel && resourceDefinition.SupportsUpdatedSince
                && (state.Cursor is null || state.PassKind is not null))
            {
                // A full (or resumed) walk reads each window once; rows created or changed in a window after it was read
                // are only seen by updated_since from the walk's start. Catching up first leaves the mirror holding every
                // row Harvest has, so what the counts below find can only be rows to delete, never a creation hiding one.
                await pass.PassAsync(run, await new SyncStateStore(run.Database).ReadAsync(resourceDefinition.Name, token), childSweepDue, token);
            }
            if (resourceDefinition.Kind == ResourceKind.TopLevel && resourceDefinition.SupportsUpdatedSince)
            {
                run.StartPhase("reconcile");
                if (resourceDefinition.DateWindowColumn is { } dateColumn)
                    await new DateWindowCheck(client, _options).RunAsync(run, dateColumn, token);
                else
                    await CheckWholeAsync(run, token);
            }
            run.Kind = "reconcile";
            await run.Database.WriteAsync((c, t) => SyncStateStore.UpdateAsync(c, t, resourceDefinition.Name, token,
                SyncStateColumns.LastReconcileAt.Set(now), SyncStateColumns.LastReconcileDeleted.Set(run.Deleted)), token);
        }, cancellationToken);

    private async Task CheckWholeAsync(PassRun run, CancellationToken cancellationToken)
    {
        long mirrored = await new MirrorReader(run.Database).CountAsync(run.Resource, cancellationToken);
        // Up to one page, the sweep costs what the count would: sweep straight away.
        if (mirrored > PageRows && await IdSweep.CountAsync(client, run, ListQuery.All, cancellationToken) == mirrored)
            return;
        var sweep = await IdSweep.RunAsync(client, run, ListQuery.All, _options.ParallelPages, cancellationToken);
        // Cursor lists are keyset-paged on id: a deletion during the walk cannot hide another row.
        await WholeRefresh.DeleteUnlistedAsync(run, sweep.Ids, "not listed by Harvest (deletion check)", cancellationToken);
    }
}
