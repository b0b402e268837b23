namespace HarvestOData.Harvest.RateLimiting;

/// <summary>Which budget of the <see cref="RateGate"/> a call needs besides the account's general one.</summary>
public enum CallBudget
{
    /// <summary>Only the general budget (lists, records, writes).</summary>
    General,

    /// <summary><c>reports/*</c>: also a slot of Harvest's separate reports budget.</summary>
    Reports,

    /// <summary>
    /// <c>users/me</c> to confirm a caller's token: also a slot of the bounded token-check share, so unknown tokens can
    /// never take more than <see cref="RateLimitOptions.TokenCheckShare"/> of the account from the sync.
    /// </summary>
    TokenCheck,
}
