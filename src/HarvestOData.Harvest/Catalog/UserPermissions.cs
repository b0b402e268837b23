namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// Users answer in one of two shapes (docs/harvest.md#resources): <c>access_roles</c> since late 2022, or the older
/// <c>is_admin</c>/<c>is_project_manager</c>/<c>can_*</c> booleans. Readers turn the older shape into access roles.
/// </summary>
public static class UserPermissions
{
    public const string Administrator = "administrator";
    public const string Manager = "manager";
    public const string Member = "member";

    /// <summary>The keys of the older shape; readers consume them so they are not "unknown fields".</summary>
    public static IReadOnlyList<string> LegacyKeys { get; } =
        ["is_admin", "is_project_manager", "can_see_rates", "can_create_projects", "can_create_invoices"];

    /// <summary>Access roles equivalent to the older boolean flags.</summary>
    public static IReadOnlyList<string> FromLegacyFlags(bool isAdmin, bool isProjectManager, bool canSeeRates, bool canCreateProjects, bool canCreateInvoices)
    {
        if (isAdmin)
            return [Administrator];
        if (!isProjectManager)
            return [Member];
        var roles = new List<string> { Manager };
        if (canCreateProjects) roles.Add("project_creator");
        if (canSeeRates) roles.Add("billable_rates_manager");
        if (canCreateInvoices) roles.Add("managed_projects_invoice_manager");
        return roles;
    }

    /// <summary>The one primary role (administrator, manager or member) among a user's access roles.</summary>
    public static string PrimaryRole(IEnumerable<string> accessRoles)
    {
        var set = accessRoles.ToHashSet(StringComparer.Ordinal);
        return set.Contains(Administrator) ? Administrator : set.Contains(Manager) ? Manager : Member;
    }
}
