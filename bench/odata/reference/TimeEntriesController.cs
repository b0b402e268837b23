using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace HarvestOData.Bench.Reference;

/// <summary>The textbook AspNetCoreOData controller: an IQueryable with [EnableQuery] and a server page size.</summary>
public sealed class TimeEntriesController(MirrorContext db) : ODataController
{
    [EnableQuery(PageSize = 5000)]
    public IQueryable<TimeEntry> Get() => db.TimeEntries.AsNoTracking();
}
