using System.Data.Common;
using HarvestOData.Mirror.Store;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.OData.Writes.Mirror;

/// <summary>
/// Read-your-writes: applies what a successful Harvest write changed to the mirror in one transaction, with the
/// mirror's own upsert and deletion code (so a project delete takes its time entries, expenses and assignments along,
/// as Harvest does). Called only after Harvest said yes, so a refused write leaves the mirror as it was.
/// </summary>
public sealed class MirrorWriteBack(MirrorDatabase database, TimeProvider time, ILogger<MirrorWriteBack> logger)
{
    /// <summary>Applies <paramref name="edits"/>; false (logged) when the mirror could not take them (the next sync will).</summary>
    public async Task<bool> ApplyAsync(IReadOnlyList<MirrorEdit> edits, string reason, CancellationToken cancellationToken)
    {
        if (edits.Count == 0)
            return true;
        try
        {
            // Not cancelled half-way: Harvest already changed, so the mirror should follow even if the client left.
            // In table and id order, as a sync page writes its rows: two transactions that take the same rows in the same
            // order wait for each other, in opposite orders they deadlock (starting a timer writes the new entry and the
            // one it stopped, while a page of the sync may hold both).
            var ordered = edits.OrderBy(e => e.Row.Table, StringComparer.Ordinal).ThenBy(e => e.Row.Id).ToList();
            await database.WriteAsync(async (connection, transaction) =>
            {
                foreach (var edit in ordered)
                    await ApplyAsync(connection, transaction, edit, reason).ConfigureAwait(false);
            }, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            logger.LogWarning(e, "The mirror could not take a write made in Harvest ({Reason}); the next sync brings it", reason);
            return false;
        }
    }

    private async Task ApplyAsync(DbConnection connection, DbTransaction transaction, MirrorEdit edit, string reason)
    {
        switch (edit)
        {
            case MirrorEdit.Upsert upsert:
                await PageUpsert.For(upsert.Record.Resource)
                    .UpsertAsync(connection, transaction, [upsert.Record], upsert.ParentId, CancellationToken.None).ConfigureAwait(false);
                break;
            case MirrorEdit.Delete delete:
                await RowDeletion.DeleteAsync(connection, transaction, delete.Resource, [delete.Id], reason, time.GetUtcNow(),
                    delete.Cascade, CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }
}
