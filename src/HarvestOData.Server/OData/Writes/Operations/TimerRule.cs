using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Server.OData.Writes.Bodies;
using HarvestOData.Server.OData.Writes.Mirror;
using CompanyNames = HarvestOData.Harvest.Catalog.CatalogNames.Company;
using TimeEntryNames = HarvestOData.Harvest.Catalog.CatalogNames.TimeEntries;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// Time entries are tracked either as durations (<c>Hours</c>) or as start and end times (<c>StartedTime</c>/<c>EndedTime</c>),
/// as the company's <c>wants_timestamp_timers</c> says (Harvest documents one create variant per mode:
/// docs/harvest.md#writes). A body of the other mode is a clear 400 before anything is sent. The mode is read from the
/// mirror's company row (fetched once if the mirror lacks it).
/// </summary>
public static class TimerRule
{
    private static readonly string Hours = Naming.Pascal(TimeEntryNames.Hours);
    private static readonly string StartedTime = Naming.Pascal(TimeEntryNames.StartedTime);
    private static readonly string EndedTime = Naming.Pascal(TimeEntryNames.EndedTime);
    private static readonly string WantsTimestampTimers = $"Company.{Naming.Pascal(CompanyNames.WantsTimestampTimers)}";

    public static async Task CheckAsync(WriteServices services, WriteSession session, EntityChange change, CancellationToken cancellationToken)
    {
        bool hours = change.Has(TimeEntryNames.Hours);
        bool started = change.Has(TimeEntryNames.StartedTime);
        bool ended = change.Has(TimeEntryNames.EndedTime);
        if (change.Resource.Name != TimeEntryNames.Resource || !(hours || started || ended))
            return;
        bool timestamps = await WantsTimestampTimersAsync(services, session, cancellationToken).ConfigureAwait(false);
        if (timestamps && hours)
        {
            throw WriteException.BadBody(
                $"This account tracks time with start and end times ({WantsTimestampTimers} is true): send {StartedTime} and {EndedTime} (e.g. \"9:00am\"), not {Hours}.",
                Hours);
        }
        if (!timestamps && (started || ended))
        {
            throw WriteException.BadBody(
                $"This account tracks time as durations ({WantsTimestampTimers} is false): send {Hours}, not {StartedTime} or {EndedTime}.",
                started ? StartedTime : EndedTime);
        }
    }

    private static async Task<bool> WantsTimestampTimersAsync(WriteServices services, WriteSession session, CancellationToken cancellationToken)
    {
        var company = EntityCatalog.Get(CompanyNames.Resource);
        var row = await services.Rows.FindAsync(company, 0, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = await services.Harvest.RunAsync(session, client => client.GetCompanyAsync(RequestPriority.Interactive)).ConfigureAwait(false);
            await services.Mirror.ApplyAsync([new MirrorEdit.Upsert(row)], "company read for a time entry write", cancellationToken).ConfigureAwait(false);
        }
        return row[CompanyNames.WantsTimestampTimers] is true;
    }
}
