using Microsoft.EntityFrameworkCore;

namespace HarvestOData.Bench.Reference;

/// <summary>The mirror file through EF Core, read-only: no migrations, no change tracking.</summary>
public sealed class MirrorContext(DbContextOptions<MirrorContext> options) : DbContext(options)
{
    public DbSet<TimeEntry> TimeEntries => Set<TimeEntry>();
}
