namespace HarvestOData.Harvest.RateLimiting;

/// <summary>
/// The throttle to stay under (docs/harvest.md#throttle), configuration section <c>Harvest:RateLimit</c>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Calls allowed in any sliding <see cref="WindowSeconds"/>. Default 100 (Harvest v2).</summary>
    public int Requests { get; set; } = 100;

    /// <summary>Length of the sliding window in seconds. Default 15.</summary>
    public double WindowSeconds { get; set; } = 15;

    /// <summary>Calls to <c>reports/*</c> allowed in any sliding <see cref="ReportsWindowSeconds"/>. Default 100.</summary>
    public int ReportsRequests { get; set; } = 100;

    /// <summary>Window of the reports budget in seconds. Default 900 (15 minutes).</summary>
    public double ReportsWindowSeconds { get; set; } = 900;

    /// <summary>
    /// Share of the general budget that checking callers' tokens (<c>users/me</c>) may use in any window. Default 0.15
    /// (15 of 100 calls per 15 s): a flood of unknown tokens can never take more than this from the sync, which always
    /// keeps the rest.
    /// </summary>
    public double TokenCheckShare { get; set; } = 0.15;

    /// <summary>
    /// Added to every window and to every <c>Retry-After</c>, so clock and delivery jitter between this process and
    /// Harvest cannot put a call inside Harvest's window. Default 0.25 s.
    /// </summary>
    public double MarginSeconds { get; set; } = 0.25;

    /// <summary>
    /// Shared gate only (several nodes): the most two nodes' clocks may disagree, in seconds. Default 0.1. A node stamps
    /// the calls it grants and the answers it gets with its own clock, and another node measures the window from those
    /// stamps with its clock: a node whose clock runs ahead would see a slot free that early. Added to every window and
    /// every hold of the shared gate, on top of <see cref="MarginSeconds"/>, so it costs its share of the quota (0.5 s
    /// was 3 % of every 15 s window); nodes on NTP agree within milliseconds. A node further off than this risks a 429
    /// now and then, which the gate honours and learns from like any other.
    /// </summary>
    public double ClockSkewSeconds { get; set; } = 0.1;

    /// <summary>
    /// Shared gate only: share of the budget background calls (the sync) may not take while interactive callers (token
    /// checks, writes) are about, on any node. Default 0.1 (10 of 100). One node orders its own callers, but cannot
    /// see another node's interactive queue: without the reserve a saturating sync elsewhere would take every slot as it
    /// frees. The reserve only applies for a window after an interactive caller asked, so a sync alone keeps the whole budget.
    /// </summary>
    public double InteractiveReserveShare { get; set; } = 0.1;

    internal TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    /// <summary>
    /// What the shared gate adds to every window and hold. Two gaps make Harvest count more than a gate counted at grant
    /// time would: the time from a grant to the call reaching Harvest (connection setup, pool waits) and the clocks of the
    /// nodes disagreeing. The first is covered by counting a call from its grant until a window after its answer (it
    /// arrived before it was answered) plus <see cref="Margin"/> for Harvest's own jitter; the second by <see cref="ClockSkewSeconds"/>.
    /// </summary>
    internal TimeSpan SharedMargin => TimeSpan.FromSeconds(MarginSeconds + ClockSkewSeconds);

    internal TimeSpan ReportsWindow => TimeSpan.FromSeconds(ReportsWindowSeconds);

    internal TimeSpan Margin => TimeSpan.FromSeconds(MarginSeconds);

    /// <summary>Token checks allowed per window out of <paramref name="budget"/> general calls (at least one).</summary>
    internal int TokenChecks(int budget) => Math.Max(1, (int)Math.Floor(budget * TokenCheckShare));

    /// <summary>Problems with these settings, each naming its configuration key below <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Validate(string prefix = "Harvest:RateLimit")
    {
        if (Requests is < 1 or > 1000)
            yield return $"{prefix}:Requests must be between 1 and 1000 (got {Requests}).";
        if (!(WindowSeconds is >= 0.01 and <= 3600))
            yield return $"{prefix}:WindowSeconds must be between 0.01 and 3600 (got {WindowSeconds}).";
        if (ReportsRequests is < 1 or > 1000)
            yield return $"{prefix}:ReportsRequests must be between 1 and 1000 (got {ReportsRequests}).";
        if (!(ReportsWindowSeconds is >= 0.01 and <= 86400))
            yield return $"{prefix}:ReportsWindowSeconds must be between 0.01 and 86400 (got {ReportsWindowSeconds}).";
        if (!(TokenCheckShare is >= 0.01 and <= 0.5))
            yield return $"{prefix}:TokenCheckShare must be between 0.01 and 0.5 (got {TokenCheckShare}).";
        if (!(MarginSeconds is >= 0 and <= 60))
            yield return $"{prefix}:MarginSeconds must be between 0 and 60 (got {MarginSeconds}).";
        if (!(ClockSkewSeconds is >= 0 and <= 60))
            yield return $"{prefix}:ClockSkewSeconds must be between 0 and 60 (got {ClockSkewSeconds}).";
        if (!(InteractiveReserveShare is >= 0 and <= 0.5))
            yield return $"{prefix}:InteractiveReserveShare must be between 0 and 0.5 (got {InteractiveReserveShare}).";
    }
}
