using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>How one resource of the mirror compares with Harvest.</summary>
/// <param name="IdsCompared">The mirror's ids were compared with every id Harvest lists (not only counts): only then may anyone say the resource equals Harvest.</param>
public sealed record Verification(string Resource, long Mirror, long? Harvest, bool Matches, string Note, bool IdsCompared = false);

/// <summary>
/// Checks the mirror against Harvest cheaply, one call per listed resource: the first page at 2000 rows. When it holds
/// the whole list (the usual case but for time entries and expenses) the ids are compared one by one; otherwise the
/// row count is compared with <c>total_entries</c>, and for lists sorted by date the ids of the days the page holds
/// whole as well. The company is read and compared by id. Per-parent lists have no account-wide list: they count as
/// verified when no parent waits in the queue (every changed parent's list was read whole), and say so. A failing or
/// unreadable answer makes a failed verification with the reason, never an exception.
/// </summary>
public sealed class MirrorVerification(IHarvestClient client, MirrorDatabase database)
{
    private const int PageRows = 2000;
    private const int Attempts = 3;

    public async Task<Verification> VerifyAsync(ResourceDefinition resource, CancellationToken cancellationToken = default)
    {
        long mirror = 0;
        try
        {
            mirror = await new MirrorReader(database).CountAsync(resource, cancellationToken);
            return resource.Kind switch
            {
                ResourceKind.Singleton => await CompanyAsync(resource, mirror, cancellationToken),
                ResourceKind.PerParent => await QueueAsync(resource, mirror, cancellationToken),
                _ => await ListAsync(resource, mirror, cancellationToken),
            };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Verification(resource.Name, mirror, null, false, $"could not verify: {SyncPass.Describe(e)}");
        }
    }

    private async Task<Verification> CompanyAsync(ResourceDefinition resource, long mirror, CancellationToken cancellationToken)
    {
        var company = await client.GetCompanyAsync(RequestPriority.Background, cancellationToken);
        var ids = await IdsAsync(resource, DateWindow.Open, cancellationToken);
        bool same = ids.Count == 1 && ids[0] == company.Id;
        return new Verification(resource.Name, mirror, 1, same, same ? "ids equal Harvest's" : "expected Harvest's one company row", IdsCompared: true);
    }

    private async Task<Verification> QueueAsync(ResourceDefinition resource, long mirror, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        int pending = (await ParentQueue.PendingAsync(connection, resource, cancellationToken)).Count;
        return new Verification(resource.Name, mirror, null, pending == 0,
            pending == 0 ? "every changed parent's list read (not compared)" : $"{pending} parents still queued");
    }

    private async Task<Verification> ListAsync(ResourceDefinition resource, long mirror, CancellationToken cancellationToken)
    {
        var page = await FirstPageAsync(resource, cancellationToken);
        long harvest = page.TotalEntries ?? page.Records.Count;
        if (harvest <= page.Records.Count)
        {
            var (missing, extra) = Compare(page.Records.Select(r => r.Id), await IdsAsync(resource, DateWindow.Open, cancellationToken));
            bool same = missing == 0 && extra == 0;
            return new Verification(resource.Name, mirror, harvest, same,
                same ? "ids equal Harvest's" : $"{missing} of Harvest's ids missing, {extra} ids Harvest does not list", IdsCompared: true);
        }
        if (mirror != harvest)
            return new Verification(resource.Name, mirror, harvest, false, $"mirror has {mirror} rows, Harvest {harvest}");
        // Newest first by date: the page holds every row of the days after its oldest one.
        if (resource is { ListedNewestDateFirst: true, DateWindowColumn: { } column }
            && page.Records.Select(r => r[column] as DateOnly?).Min() is { } oldest)
        {
            var newest = new DateWindow(oldest.AddDays(1), null);
            var listed = page.Records.Where(r => r[column] is DateOnly day && newest.Contains(day)).Select(r => r.Id);
            var (missing, extra) = Compare(listed, await IdsAsync(resource, newest, cancellationToken));
            if (missing != 0 || extra != 0)
                return new Verification(resource.Name, mirror, harvest, false, $"rows dated {newest}: {missing} of Harvest's ids missing, {extra} ids Harvest does not list");
            return new Verification(resource.Name, mirror, harvest, true, $"row count equals total_entries; ids equal for rows dated {newest} (older ones compared by count)");
        }
        return new Verification(resource.Name, mirror, harvest, true, $"row count equals total_entries (more than {PageRows} rows: ids not compared)");
    }

    /// <summary>The first 2000-row page; one that contradicts itself (fewer rows than its total says) is asked again.</summary>
    private async Task<HarvestPage> FirstPageAsync(ResourceDefinition resource, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var page = await client.FirstPageAsync(resource, ListQuery.All with { PerPage = PageRows }, RequestPriority.Background, cancellationToken);
            if (ListAnswer.Contradiction(page, PageRows, 1, cursorPage: false) is not { } problem)
                return page;
            if (attempt >= Attempts)
                throw new ContradictoryAnswerException($"Harvest's answer for {resource.Name} contradicts itself ({problem}).");
        }
    }

    private static (int Missing, int Extra) Compare(IEnumerable<long> harvest, IEnumerable<long> mirror)
    {
        var listed = harvest.ToHashSet();
        var mirrored = mirror.ToHashSet();
        return (listed.Count(id => !mirrored.Contains(id)), mirrored.Count(id => !listed.Contains(id)));
    }

    private async Task<List<long>> IdsAsync(ResourceDefinition resource, DateWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadOnlyAsync(cancellationToken);
        return await MirrorIds.InWindowAsync(connection, null, resource, window, cancellationToken);
    }
}
