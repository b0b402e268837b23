using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Server.OData.Writes.Bodies;
using HarvestOData.Server.OData.Writes.Mirror;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>
/// Time entries are tracked either as durations (<c>Hours</c>) or as start and end times (<c>StartedTime</c>/<c>EndedTime</c>),
/// as the company's <c>wants_timestamp_timers</c> says (harvest-api.md §7). A body of the other mode is a clear 400
/// before anything is sent. The mode is read from the mirror's company row (fetched once if the mirror lacks it).
/// </summary>
public static class TimerRule
{
    public static async Task CheckAsync(WriteServices services, WriteSession session, EntityChange change, CancellationToken cancellationToken)
    {
        if (change.Resource.Name != "time_entries" || !(change.Has("hours") || change.Has("started_time") || change.Has("ended_time")))
            return;
        bool timestamps = await WantsTimestampTimersAsync(services, session, cancellationToken).ConfigureAwait(false);
        if (timestamps && change.Has("hours"))
        {
            throw WriteException.BadBody(
                "This account tracks time with start and end times (Company.WantsTimestampTimers is true): send StartedTime and EndedTime (e.g. \"9:00am\"), not Hours.",
                "Hours");
        }
        if (!timestamps && (change.Has("started_time") || change.Has("ended_time")))
        {
            throw WriteException.BadBody(
                "This account tracks time as durations (Company.WantsTimestampTimers is false): send Hours, not StartedTime or EndedTime.",
                change.Has("started_time") ? "StartedTime" : "EndedTime");
        }
    }

    private static async Task<bool> WantsTimestampTimersAsync(WriteServices services, WriteSession session, CancellationToken cancellationToken)
    {
        var company = EntityCatalog.Get("company");
        var row = await services.Rows.FindAsync(company, 0, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = await services.Harvest.RunAsync(session, client => client.GetCompanyAsync(RequestPriority.Interactive)).ConfigureAwait(false);
            await services.Mirror.ApplyAsync([new MirrorEdit.Upsert(row)], "company read for a time entry write", cancellationToken).ConfigureAwait(false);
        }
        return row["wants_timestamp_timers"] is true;
    }
}
