using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>The company, the users (the three demo users first), their roles and their billable and cost rate histories.</summary>
internal static class PeopleSeeder
{
    private static readonly string[] ManagerRoles =
    [
        UserPermissions.Manager, "project_creator", "billable_rates_manager", "managed_projects_invoice_manager",
        "time_and_expenses_manager", "estimates_manager",
    ];

    public static void Seed(SeedContext s)
    {
        Company(s);
        Users(s);
        Roles(s);
        Rates(s, "billable_rates", "default_hourly_rate");
        Rates(s, "cost_rates", "cost_rate");
    }

    private static void Company(SeedContext s)
    {
        s.Store.Company.Append(long.Parse(s.Options.AccountId, System.Globalization.CultureInfo.InvariantCulture));
        var company = s.Store.Company;
        foreach (var (column, value) in new (string, object?)[]
        {
            ("base_uri", "https://sandbox-agency.harvestapp.com"), ("full_domain", "sandbox-agency.harvestapp.com"),
            ("name", "Sandbox Agency"), ("is_active", true), ("week_start_day", "Monday"),
            ("wants_timestamp_timers", s.Options.WantsTimestampTimers), ("time_format", "hours_minutes"), ("date_format", "%Y-%m-%d"),
            ("plan_type", "business"), ("clock", "12h"), ("currency_code_display", "iso_code_none"),
            ("currency_symbol_display", "symbol_before"), ("decimal_symbol", "."), ("thousands_separator", ","),
            ("color_scheme", "orange"), ("weekly_capacity", 126000L), ("expense_feature", true), ("invoice_feature", true),
            ("estimate_feature", true), ("approval_feature", true), ("team_feature", true),
        })
        {
            company.Column(column).Set(0, value);
        }
    }

    private static void Users(SeedContext s)
    {
        var demo = new (string First, string Last, string[] Access, string[] Labels)[]
        {
            ("Avery", "Stone", [UserPermissions.Administrator], ["Founder"]),
            ("Morgan", "Reyes", ManagerRoles, ["Project Manager"]),
            ("Jamie", "Chen", [UserPermissions.Member], ["Developer"]),
        };
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < s.Options.UserCount; i++)
        {
            var (first, last, access, labels) = i < demo.Length ? demo[i] : Random(s);
            string email = $"{first}.{last}".ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace("ü", "ue", StringComparison.Ordinal);
            string unique = email;
            for (int n = 2; !taken.Add(unique); n++)
                unique = $"{email}{n}";
            long created = s.At(s.Start.AddDays(-100 + (i * 30 / s.Options.UserCount)), (9 * 3600) + (i % 600 * 60));
            decimal rate = i < demo.Length ? 150m - (i * 20) : s.Money(90, 180);
            int row = s.Add("users",
                ("first_name", first), ("last_name", last), ("email", $"{unique}@sandbox-agency.example"), ("telephone", ""),
                ("timezone", s.Pick(Names.Timezones)), ("has_access_to_all_future_projects", false),
                ("is_contractor", i >= demo.Length && s.Chance(0.08)), ("is_active", i < demo.Length || s.Chance(0.93)),
                ("weekly_capacity", s.Chance(0.8) ? 126000L : 144000L), ("default_hourly_rate", Math.Round(rate)), ("cost_rate", Math.Round(rate * 0.45m)),
                ("roles", labels), ("access_roles", access),
                ("avatar_url", $"https://cache.harvestapp.com/assets/profile_images/sandbox_{i + 1}.png"),
                ("created_at", s.Instant(created)), ("updated_at", s.Instant(created + s.Random.Next(60, 86_400))));
            long id = s["users"].Ids[row];
            if (i == 0)
                s.AdministratorId = id;
            else if (i == 1)
                s.ManagerId = id;
            else if (i == 2)
                s.MemberId = id;
        }
    }

    private static (string, string, string[], string[]) Random(SeedContext s)
    {
        double roll = s.Random.NextDouble();
        string[] access = roll < 0.05 ? [UserPermissions.Administrator]
            : roll < 0.22 ? [UserPermissions.Manager, .. ManagerRoles.Skip(1).Where(_ => s.Chance(0.5))]
            : [UserPermissions.Member];
        string[] labels = s.Chance(0.15) ? [s.Pick(Names.RoleNames), s.Pick(Names.RoleNames)] : [s.Pick(Names.RoleNames)];
        return (s.Pick(Names.FirstNames), s.Pick(Names.LastNames), access, labels.Distinct().ToArray());
    }

    private static void Roles(SeedContext s)
    {
        var users = s["users"];
        var labels = users.Column<ListColumn>("roles");
        var roles = s["roles"];
        foreach (var name in Names.RoleNames)
        {
            long created = s.At(s.Start.AddDays(-90), 10 * 3600);
            int row = s.Add("roles", ("name", name), ("created_at", s.Instant(created)), ("updated_at", s.Instant(created)));
            var members = users.LiveRows().Where(r => labels[r]?.Contains(name) == true).Select(r => users.Ids[r]);
            roles.SetLinks("user_ids", roles.Ids[row], members);
        }
    }

    /// <summary>One to three rates per user; the last one is the user's current rate.</summary>
    private static void Rates(SeedContext s, string resource, string userColumn)
    {
        var users = s["users"];
        var current = users.Column<DecimalColumn>(userColumn);
        var created = users.Column<TimestampColumn>("created_at");
        var rates = s[resource];
        foreach (int user in users.LiveRows().ToList())
        {
            int count = s.Random.Next(1, 4);
            var first = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(created[user]).UtcDateTime);
            var starts = Enumerable.Range(0, count).Select(i => i == 0 ? first : first.AddDays(i * 240 + s.Random.Next(0, 60)))
                .Where(d => d <= s.Today).ToList();
            for (int i = 0; i < starts.Count; i++)
            {
                decimal amount = i == starts.Count - 1 ? current[user] : Math.Round(current[user] * (0.8m + (0.1m * i)), 2);
                long stamp = s.At(starts[i], 11 * 3600);
                s.Add(resource, ("user_id", users.Ids[user]), ("amount", amount), ("start_date", starts[i]),
                    ("end_date", i + 1 < starts.Count ? starts[i + 1].AddDays(-1) : null),
                    ("created_at", s.Instant(stamp)), ("updated_at", s.Instant(stamp + s.Random.Next(0, 30))));
            }
        }
        rates.Touch();
    }
}
