using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Access;

/// <summary>
/// The user a request acts as (every Harvest token is a real user). <see cref="IsSystem"/> marks the test helpers
/// of <see cref="SandboxData"/>: they act as the administrator and skip permission checks.
/// </summary>
internal sealed record Caller(long UserId, string Name, string Email, IReadOnlySet<string> AccessRoles, bool IsSystem = false)
{
    public string Role { get; } = UserPermissions.PrimaryRole(AccessRoles);

    public bool IsAdministrator => IsSystem || Role == UserPermissions.Administrator;

    public Audience? Audience => Role switch
    {
        UserPermissions.Manager => Harvest.Catalog.Audience.Manager,
        UserPermissions.Member => Harvest.Catalog.Audience.Member,
        _ => null,
    };

    public bool Has(string? permission) => permission is null || AccessRoles.Contains(permission);
}
