using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Users: unique email, exactly one primary access role (member by default) plus known extras. A user with time
/// entries or expenses cannot be deleted (their references refuse it); their assignments go with them.
/// </summary>
internal sealed class UserRules : ResourceRules
{
    private static readonly HashSet<string> Extras =
    [
        "project_creator", "billable_rates_manager", "managed_projects_invoice_drafter", "managed_projects_invoice_manager",
        "client_and_task_manager", "time_and_expenses_manager", "estimates_manager", "people_manager",
    ];

    public override void BeforeSave(WriteContext c)
    {
        if (c.IsCreate)
        {
            c.Default("access_roles", new[] { UserPermissions.Member });
            c.Default("roles", Array.Empty<string>());
            c.Default("timezone", "Eastern Time (US & Canada)");
            c.Default("telephone", "");
            c.Default("weekly_capacity", c.Store.Company.Column<LongColumn>("weekly_capacity").Nullable(0) ?? 126000L);
            c.Default("default_hourly_rate", 0m);
            c.Default("cost_rate", 0m);
            c["avatar_url"] = $"https://cache.harvestapp.com/assets/profile_images/sandbox_{c.Table.NextId}.png";
        }
        if (c.Changed("email"))
        {
            string email = c.Text("email") ?? "";
            if (!email.Contains('@'))
                throw SandboxProblem.Invalid("Email is invalid");
            var users = c.Table;
            var emails = users.Column<StringColumn>("email");
            long self = c.IsCreate ? -1 : (long)c["id"]!;
            if (users.LiveRows().Any(r => users.Ids[r] != self && string.Equals(emails[r], email, StringComparison.OrdinalIgnoreCase)))
                throw SandboxProblem.Invalid("Email has already been taken");
        }
        // On update the saved row holds the list joined as the mirror stores it; a body sends an array.
        var roles = c["access_roles"] switch
        {
            string[] items => items,
            string joined => joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => [],
        };
        int primary = roles.Count(r => r is UserPermissions.Administrator or UserPermissions.Manager or UserPermissions.Member);
        if (primary != 1 || roles.Any(r => r is not (UserPermissions.Administrator or UserPermissions.Manager or UserPermissions.Member) && !Extras.Contains(r)))
            throw SandboxProblem.Invalid("Access roles must hold exactly one of administrator, manager or member, plus known manager permissions");
    }

    public override IEnumerable<(string Resource, string Column)> AlsoDeletes => [("user_assignments", "user_id")];
}
