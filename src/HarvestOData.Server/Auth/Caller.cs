using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.Auth;

/// <summary>The Harvest user a request acts for, as Harvest's <c>users/me</c> described them.</summary>
public sealed record Caller(long UserId, IReadOnlySet<string> AccessRoles)
{
    public string Role { get; } = UserPermissions.PrimaryRole(AccessRoles);

    public bool IsAdministrator => Role == UserPermissions.Administrator;

    /// <summary>The audience whose grants apply; null for administrators, who see everything.</summary>
    public Audience? Audience => Role switch
    {
        UserPermissions.Manager => Harvest.Catalog.Audience.Manager,
        UserPermissions.Member => Harvest.Catalog.Audience.Member,
        _ => null,
    };

    public bool Has(string? permission) => permission is null || AccessRoles.Contains(permission);

    public static Caller FromUser(HarvestRecord me)
    {
        var roles = (me["access_roles"] as string ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        if (roles.Count == 0)
            roles.Add(UserPermissions.Member);
        return new Caller(me.Id, roles);
    }
}
