using HarvestOData.Sandbox.Writing.Rules;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>Clients with their contacts, tasks, expense categories and item categories.</summary>
internal static class CatalogueSeeder
{
    public static void Seed(SeedContext s)
    {
        long setUp = s.At(s.Start.AddDays(-80), 9 * 3600);
        foreach (var (name, isDefault, billable, rate) in Names.Tasks)
        {
            s.Add("tasks", ("name", name), ("billable_by_default", billable), ("default_hourly_rate", rate), ("is_default", isDefault),
                ("is_active", name != "Legacy Migration"), ("created_at", s.Instant(setUp)), ("updated_at", s.Instant(setUp + 120)));
            setUp += 300;
        }
        foreach (var (name, unit, price) in Names.ExpenseCategories)
        {
            s.Add("expense_categories", ("name", name), ("unit_name", unit), ("unit_price", price), ("is_active", true),
                ("created_at", s.Instant(setUp)), ("updated_at", s.Instant(setUp)));
            setUp += 60;
        }
        foreach (var (name, service) in new[] { ("Service", true), ("Product", false) })
        {
            s.Add("invoice_item_categories", ("name", name), ("use_as_service", service), ("use_as_expense", !service),
                ("created_at", s.Instant(setUp)), ("updated_at", s.Instant(setUp)));
            s.Add("estimate_item_categories", ("name", name), ("created_at", s.Instant(setUp)), ("updated_at", s.Instant(setUp)));
            setUp += 60;
        }
        Clients(s);
    }

    private static void Clients(SeedContext s)
    {
        int count = s.Options.ClientCount;
        for (int i = 0; i < count; i++)
        {
            string name = i < Names.Clients.Length ? Names.Clients[i] : $"{Names.Clients[i % Names.Clients.Length]} {(i / Names.Clients.Length) + 1}";
            long created = s.At(s.Start.AddDays(-75 + (i * 10 / count)), 14 * 3600);
            double roll = s.Random.NextDouble();
            int row = s.Add("clients", ("name", name), ("is_active", i < 3 || s.Chance(0.9)),
                ("address", $"{s.Random.Next(1, 999)} Main St.\r\nAnytown, LA {s.Random.Next(10000, 99999)}"),
                ("statement_key", Keys.Hex(i, "statement", 32)), ("currency", roll < 0.7 ? "USD" : roll < 0.9 ? "EUR" : "GBP"),
                ("created_at", s.Instant(created)), ("updated_at", s.Instant(created + s.Random.Next(0, 7200))));
            long client = s["clients"].Ids[row];
            int contacts = s.Random.Next(1, 3);
            for (int c = 0; c < contacts; c++)
            {
                string first = s.Pick(Names.FirstNames), last = s.Pick(Names.LastNames);
                s.Add("contacts", ("client_id", client), ("title", c == 0 ? "Owner" : "Project Lead"), ("first_name", first), ("last_name", last),
                    ("email", $"{first.ToLowerInvariant()}@client{i + 1}.example"), ("phone_office", "(555) 555-0100"), ("phone_mobile", ""), ("fax", ""),
                    ("created_at", s.Instant(created + 600)), ("updated_at", s.Instant(created + 600)));
            }
        }
    }
}
