using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Resources Harvest lists without <c>updated_since</c> (roles, the company): read whole on every pass — a call or
/// two — and diffed: rows Harvest no longer lists leave the mirror.
/// </summary>
internal sealed class WholeRefresh(IHarvestClient client)
{
    public async Task RunAsync(PassRun run, CancellationToken cancellationToken)
    {
        run.StartPhase("refresh");
        var seen = new HashSet<long>();
        if (run.Resource.Kind == ResourceKind.Singleton)
        {
            run.CountCall();
            var company = await client.GetCompanyAsync(RequestPriority.Background, cancellationToken);
            seen.Add(company.Id);
            await run.CommitPageAsync([company], null, null, null, cancellationToken);
        }
        else
        {
            await PageWalk.CursorAsync(client, run, ListQuery.All, null, async page =>
            {
                seen.UnionWith(page.Records.Select(r => r.Id));
                await run.CommitPageAsync(page.Records, null, null, null, cancellationToken);
            }, cancellationToken);
        }
        await DeleteUnlistedAsync(run, seen, "not listed by Harvest", cancellationToken);
    }

    /// <summary>Deletes the resource's mirror rows whose ids Harvest did not list (the list was read whole).</summary>
    public static async Task DeleteUnlistedAsync(PassRun run, IReadOnlySet<long> listed, string reason, CancellationToken cancellationToken)
    {
        long deleted = await run.Database.WriteAsync(async (connection, transaction) =>
        {
            var stale = new List<long>();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"SELECT id FROM {StoredValue.Quote(run.Resource.Name)};";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (!listed.Contains(reader.GetInt64(0)))
                        stale.Add(reader.GetInt64(0));
                }
            }
            return await RowDeletion.DeleteAsync(connection, transaction, run.Resource, stale, reason, run.Time.GetUtcNow(), cascade: true, cancellationToken);
        }, cancellationToken);
        run.CountDeleted(deleted);
    }
}
