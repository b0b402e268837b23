namespace HarvestOData.Server.Auth;

/// <summary>
/// The names of the server's one authentication: the scheme every surface uses (<c>/odata</c> reads and writes, the
/// status page and its actions, <c>/status</c>, Hangfire's dashboard) and the policy the operator's pages require.
/// Wired by <c>AddHarvestAuthentication</c>; the handler is <see cref="HarvestAuthenticationHandler"/>.
/// </summary>
public static class HarvestAuthentication
{
    public const string Scheme = "Harvest";

    /// <summary>The status page, <c>/status</c>, "sync now" and the job dashboard: a Harvest administrator's token.</summary>
    public const string AdministratorPolicy = "Administrator";

    /// <summary>The realm of the Basic challenge: what a browser shows in its sign-in prompt.</summary>
    public const string Realm = "HarvestOData";

    /// <summary>One claim per Harvest access role (<c>users/me</c>'s <c>access_roles</c>); the primary role is the role claim.</summary>
    public const string AccessRoleClaim = "harvest:access_role";
}
