namespace HarvestOData.Sandbox;

/// <summary>
/// Size, seed and behaviour of a <see cref="HarvestSandbox"/>. Bound from the <c>Sandbox</c> configuration section
/// by the runnable host; <see cref="Validate"/> names the offending key.
/// </summary>
public sealed class SandboxOptions
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

    /// <summary>Throws <see cref="ArgumentException"/> naming the configuration key of the first bad setting.</summary>
    public void Validate()
    {
        Require(TimeEntries is >= 0 and <= 5_000_000, nameof(TimeEntries), "must be between 0 and 5,000,000");
        Require(Users is null or >= 3 and <= 100_000, nameof(Users), "must be between 3 and 100,000 (three demo users at least)");
        Require(Clients is null or >= 1 and <= 100_000, nameof(Clients), "must be between 1 and 100,000");
        Require(Projects is null or >= 1 and <= 100_000, nameof(Projects), "must be between 1 and 100,000");
        Require(Expenses is null or >= 0 and <= 5_000_000, nameof(Expenses), "must be between 0 and 5,000,000");
        Require(RateLimitRequests >= 1, nameof(RateLimitRequests), "must be at least 1");
        Require(RateLimitWindowSeconds > 0 && double.IsFinite(RateLimitWindowSeconds), nameof(RateLimitWindowSeconds), "must be a positive number of seconds");
        Require(Enum.IsDefined(Throttle), nameof(Throttle), "must be TooManyRequests429 or Legacy503");
        Require(!string.IsNullOrEmpty(AccountId) && AccountId.Length <= 18 && AccountId.All(char.IsAsciiDigit), nameof(AccountId), "must be a Harvest account id (digits)");
    }

    private static void Require(bool ok, string key, string rule)
    {
        if (!ok)
            throw new ArgumentException($"{Section}:{key} {rule}.", key);
    }
}
