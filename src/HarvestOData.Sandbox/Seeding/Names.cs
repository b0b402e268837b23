namespace HarvestOData.Sandbox.Seeding;

/// <summary>Word pools of the demo agency.</summary>
internal static class Names
{
    public static readonly string[] FirstNames =
    [
        "Kim", "Jim", "Bob", "Jane", "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sofia", "Mason", "Isla",
        "Leo", "Chloe", "Owen", "Grace", "Elias", "Nora", "Felix", "Hazel", "Jonas", "Ruby", "Theo", "Ada", "Hugo", "Iris", "Milo",
    ];

    public static readonly string[] LastNames =
    [
        "Allen", "Powell", "Smith", "Nguyen", "Garcia", "Müller", "Rossi", "Dubois", "Kowalski", "Okafor", "Larsen", "Silva",
        "Novak", "Haddad", "Tanaka", "Moreau", "Fischer", "O'Brien", "Jensen", "Costa", "Patel", "Kim", "Berg", "Ward",
    ];

    public static readonly string[] Timezones =
    [
        "Eastern Time (US & Canada)", "Mountain Time (US & Canada)", "Pacific Time (US & Canada)", "Central Time (US & Canada)", "London", "Berlin",
    ];

    public static readonly string[] RoleNames = ["Designer", "Developer", "Project Manager", "Marketing", "Founder", "Support"];

    public static readonly string[] Clients =
    [
        "ABC Corp", "123 Industries", "Northwind Traders", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Foods",
        "Acme Outdoor", "Blue Harbor Bank", "Cobalt Labs", "Dunmore Paper", "Evergreen Schools", "Fjord Energy", "Granite Legal",
        "Helios Solar", "Ivy & Co", "Juniper Hotels", "Kestrel Air", "Lumen Media",
    ];

    public static readonly string[] ProjectKinds =
    [
        "Marketing Website", "Online Store - Phase 1", "Online Store - Phase 2", "Mobile App", "Brand Refresh", "SEO Retainer",
        "Intranet", "Data Dashboard", "Campaign", "Support Retainer", "API Integration", "Annual Report",
    ];

    public static readonly (string Name, bool Default, bool Billable, decimal Rate)[] Tasks =
    [
        ("Graphic Design", true, true, 120m), ("Programming", true, true, 140m), ("Project Management", true, true, 110m),
        ("Research", true, false, 0m), ("Business Development", false, false, 0m), ("Copywriting", false, true, 95m),
        ("Testing", false, true, 100m), ("Meetings", false, false, 0m), ("Support", false, true, 90m), ("Legacy Migration", false, true, 130m),
    ];

    public static readonly string[] Notes =
    [
        "Adding CSS styling", "Importing products", "Planning meetings", "Evaluating 3rd party libraries", "Client call",
        "Wireframes", "Bug fixes", "Code review", "Sprint planning", "Writing copy for landing page", "QA pass", "Deploy to staging",
        "Performance tuning", "Design review with client", "Migrating content", "Accessibility fixes", "Analytics setup",
        "Workshop preparation", "Refactoring checkout", "Email templates",
    ];

    public static readonly (string Name, string? Unit, decimal? Price)[] ExpenseCategories =
    [
        ("Meals", null, null), ("Lodging", null, null), ("Travel", null, null), ("Mileage", "mile", 0.655m), ("Entertainment", null, null),
        ("Software", null, null),
    ];
}
