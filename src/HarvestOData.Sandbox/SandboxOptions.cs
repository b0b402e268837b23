using HarvestOData.Harvest.Configuration;

namespace HarvestOData.Sandbox;

/// <summary>
/// Size, seed and behaviour of a <see cref="HarvestSandbox"/>. Bound from the <c>Sandbox</c> configuration section
/// by the runnable host; <see cref="Validate"/> names the offending key.
/// </summary>
public sealed class SandboxOptions : IValidatedOptions
{
    public const string Section = "Sandbox";

    /// <summary>Seed of the demo data and tokens: the same seed and clock give the same account.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Time entries generated over the two years before today (up to 5,000,000). Default 50,000.</summary>
    public int TimeEntries { get; set; } = 50_000;

    /// <summary>Users including the three demo users; default about 30, growing with <see cref="TimeEntries"/>.</summary>
    public int? Users { get; set; }

    /// <summary>Clients; default about 20, growing with the number of projects.</summary>
    public int? Clients { get; set; }

    /// <summary>Projects; default about 80, growing with the number of users.</summary>
    public int? Projects { get; set; }

    /// <summary>Expenses; default one per 20 time entries.</summary>
    public int? Expenses { get; set; }

    /// <summary>Accepted calls per window before the throttle refuses (Harvest: 100).</summary>
    public int RateLimitRequests { get; set; } = 100;

    /// <summary>Length of the throttle's sliding window and of a block (Harvest: 15 s).</summary>
    public double RateLimitWindowSeconds { get; set; } = 15;

    public ThrottleMode Throttle { get; set; } = ThrottleMode.TooManyRequests429;

    /// <summary>Reports API calls accepted per reports window (Harvest: 100 per 15 minutes), counted apart from the general limit.</summary>
    public int ReportsRateLimitRequests { get; set; } = 100;

    public double ReportsRateLimitWindowSeconds { get; set; } = 15 * 60;

    /// <summary>The account id callers must send as <c>Harvest-Account-Id</c>; digits only.</summary>
    public string AccountId { get; set; } = "1234567";

    /// <summary>Users answer with is_admin/is_project_manager/can_* instead of access_roles (pre-2022 shape).</summary>
    public bool LegacyUserShape { get; set; }

    /// <summary>company.wants_timestamp_timers: time entries take started/ended times instead of hours.</summary>
    public bool WantsTimestampTimers { get; set; }

    internal int UserCount => Users ?? Math.Max(30, TimeEntries / 2_000);

    internal int ProjectCount => Projects ?? Math.Max(80, UserCount * 8 / 3);

    internal int ClientCount => Clients ?? Math.Max(20, ProjectCount / 4);

    internal int ExpenseCount => Expenses ?? TimeEntries / 20;

    /// <summary>Problems naming their configuration key; <see cref="HarvestSandbox"/> refuses options that have any.</summary>
    public IEnumerable<string> Validate()
    {
        if (!(TimeEntries is >= 0 and <= 5_000_000))
            yield return Problem(nameof(TimeEntries), "must be between 0 and 5,000,000");
        if (!(Users is null or >= 3 and <= 100_000))
            yield return Problem(nameof(Users), "must be between 3 and 100,000 (three demo users at least)");
        if (!(Clients is null or >= 1 and <= 100_000))
            yield return Problem(nameof(Clients), "must be between 1 and 100,000");
        if (!(Projects is null or >= 1 and <= 100_000))
            yield return Problem(nameof(Projects), "must be between 1 and 100,000");
        if (!(Expenses is null or >= 0 and <= 5_000_000))
            yield return Problem(nameof(Expenses), "must be between 0 and 5,000,000");
        if (!(RateLimitRequests >= 1))
            yield return Problem(nameof(RateLimitRequests), "must be at least 1");
        if (!(RateLimitWindowSeconds > 0 && double.IsFinite(RateLimitWindowSeconds)))
            yield return Problem(nameof(RateLimitWindowSeconds), "must be a positive number of seconds");
        if (!(ReportsRateLimitRequests >= 1))
            yield return Problem(nameof(ReportsRateLimitRequests), "must be at least 1");
        if (!(ReportsRateLimitWindowSeconds > 0 && double.IsFinite(ReportsRateLimitWindowSeconds)))
            yield return Problem(nameof(ReportsRateLimitWindowSeconds), "must be a positive number of seconds");
        if (!(Enum.IsDefined(Throttle)))
            yield return Problem(nameof(Throttle), "must be TooManyRequests429 or Legacy503");
        if (!(!string.IsNullOrEmpty(AccountId) && AccountId.Length <= 18 && AccountId.All(char.IsAsciiDigit)))
            yield return Problem(nameof(AccountId), "must be a Harvest account id (digits)");
    }

    private static string Problem(string key, string rule) => $"{Section}:{key} {rule}.";
}
