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
    // The OData names callers send, as the catalog serves them (Hours, StartedTime, Company.WantsTimestampTimers).
    private static readonly ResourceDefinition TimeEntries = EntityCatalog.Get(TimeEntryNames.Resource);
    private static readonly ResourceDefinition Company = EntityCatalog.Get(CompanyNames.Resource);
    private static readonly string Hours = TimeEntries.Field(TimeEntryNames.Hours).ODataName;
    private static readonly string StartedTime = TimeEntries.Field(TimeEntryNames.StartedTime).ODataName;
    private static readonly string EndedTime = TimeEntries.Field(TimeEntryNames.EndedTime).ODataName;
    private static readonly string WantsTimestampTimers = $"{Company.EntityType}.{Company.Field(CompanyNames.WantsTimestampTimers).ODataName}";

    public static async Task CheckAsync(WriteServices services, WriteSession session, EntityChange change, CancellationToken cancellationToken)
    {
        bool hours = change.Has(TimeEntryNames.Hours);
        bool started = change.Has(TimeEntryNames.StartedTime);
        bool ended = change.Has(TimeEntryNames.EndedTime);
        if (change.Resource.Name != TimeEntries.Name || !(hours || started || ended))
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
        var row = await services.Rows.FindAsync(Company, 0, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = await services.Harvest.RunAsync(session, client => client.GetCompanyAsync(RequestPriority.Interactive)).ConfigureAwait(false);
            await services.Mirror.ApplyAsync([new MirrorEdit.Upsert(row)], "company read for a time entry write", cancellationToken).ConfigureAwait(false);
        }
        return row[CompanyNames.WantsTimestampTimers] is true;
    }
}
