namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// The resource and field names that code outside the catalog refers to by name (the write path's timer rule and side
/// effects, the mirror's indexes). <see cref="EntityCatalog"/> declares those resources and fields through these
/// constants, so a rename happens in one place and a rule that names a field the catalog no longer has does not compile.
/// Everything else reads fields generically from <see cref="ResourceDefinition.Fields"/> and needs no entry here.
/// </summary>
public static class CatalogNames
{
    /// <summary>Harvest's last-change timestamp: the cursor of incremental passes (<c>updated_since</c>).</summary>
    public const string UpdatedAt = "updated_at";

    public const string CreatedAt = "created_at";

    public static class Company
    {
        public const string Resource = "company";

        /// <summary>True when the account tracks time as start and end times instead of durations.</summary>
        public const string WantsTimestampTimers = "wants_timestamp_timers";
    }

    public static class TimeEntries
    {
        public const string Resource = "time_entries";

        /// <summary>The nested <c>user</c> reference; mirrored as <see cref="UserId"/>.</summary>
        public const string User = "user";

        public const string UserId = User + "_id";
        public const string Hours = "hours";
        public const string StartedTime = "started_time";
        public const string EndedTime = "ended_time";
        public const string IsRunning = "is_running";
    }
}
