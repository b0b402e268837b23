using Microsoft.EntityFrameworkCore;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// EF Core view of the mirror. Rows are property bags: <c>context.Set&lt;Dictionary&lt;string, object&gt;&gt;("time_entries")</c>.
/// The sync engine writes through raw SQL (<see cref="PageUpsert"/>); the context owns the model and the schema.
/// </summary>
public sealed class MirrorContext(DbContextOptions<MirrorContext> options) : DbContext(options)
{
    public IQueryable<Dictionary<string, object>> Rows(string table) => Set<Dictionary<string, object>>(table);

    protected override void OnModelCreating(ModelBuilder modelBuilder) => MirrorModel.Configure(modelBuilder);
}
