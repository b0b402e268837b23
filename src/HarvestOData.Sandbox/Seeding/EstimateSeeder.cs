using System.Globalization;
using HarvestOData.Sandbox.Writing.Rules;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>Estimates over the two years (about two per client) with line items; older ones accepted or declined, with their messages.</summary>
internal static class EstimateSeeder
{
    public static void Seed(SeedContext s)
    {
        var clients = s["clients"];
        var clientRows = clients.LiveRows().ToArray();
        int count = Math.Max(2, clientRows.Length * 2);
        var issued = Enumerable.Range(0, count).Select(_ => s.Start.AddDays(s.Random.Next(0, 731))).Order().ToArray();
        for (int i = 0; i < count; i++)
        {
            int clientRow = s.Pick(clientRows);
            var issue = issued[i];
            var items = Enumerable.Range(0, s.Random.Next(1, 4)).Select(k => k == 0
                ? (Kind: "Service", Description: $"{s.Pick(Names.ProjectKinds)} - design and build", Quantity: (decimal)s.Random.Next(20, 200), Price: (decimal)s.Random.Next(10, 16) * 10, Taxed: true)
                : (Kind: "Product", Description: "Licences and hosting", Quantity: 1m, Price: (decimal)s.Random.Next(5, 50) * 100, Taxed: false)).ToList();
            decimal? tax = s.Chance(0.5) ? 5m : null;
            decimal? tax2 = tax is not null && s.Chance(0.3) ? 2m : null;
            decimal? discount = s.Chance(0.2) ? 10m : null;
            var totals = DocumentTotals.Compute(items.Select(it => (it.Quantity * it.Price, it.Taxed, it.Taxed && tax2 is not null)), tax, tax2, discount);
            int age = s.Today.DayNumber - issue.DayNumber;
            double roll = s.Random.NextDouble();
            string state = age < 3 ? "draft" : age > 30 ? (roll < 0.55 ? "accepted" : roll < 0.8 ? "declined" : "sent") : roll < 0.3 ? "draft" : "sent";
            long created = s.At(issue, 10 * 3600);
            long? sent = state == "draft" ? null : s.At(issue, 11 * 3600);
            long? decided = state is "accepted" or "declined" ? s.At(issue.AddDays(s.Random.Next(2, 25)), 16 * 3600) : null;
            string number = (1001 + i).ToString(CultureInfo.InvariantCulture);
            int row = s.Add("estimates",
                ("client_id", clients.Ids[clientRow]), ("creator_id", s.AdministratorId), ("client_key", Keys.Hex(i, "estimates", 40)),
                ("number", number), ("purchase_order", ""), ("amount", totals.Amount), ("tax", tax), ("tax_amount", totals.Tax),
                ("tax2", tax2), ("tax2_amount", totals.Tax2), ("discount", discount), ("discount_amount", totals.Discount),
                ("subject", $"{clients.Column<Store.StringColumn>("name")[clientRow]} proposal"), ("notes", "Valid for 30 days."),
                ("currency", clients.Column<Store.StringColumn>("currency")[clientRow]), ("state", state), ("issue_date", issue),
                ("sent_at", sent is { } sa ? s.Instant(sa) : null),
                ("accepted_at", state == "accepted" ? s.Instant(decided!.Value) : null), ("declined_at", state == "declined" ? s.Instant(decided!.Value) : null),
                ("created_at", s.Instant(created)), ("updated_at", s.Instant(decided ?? sent ?? created)));
            long estimate = s["estimates"].Ids[row];
            foreach (var item in items)
            {
                s.Add("estimate_line_items", ("estimate_id", estimate), ("kind", item.Kind), ("description", item.Description),
                    ("quantity", item.Quantity), ("unit_price", item.Price), ("amount", item.Quantity * item.Price), ("taxed", item.Taxed), ("taxed2", item.Taxed && tax2 is not null));
            }
            if (sent is { } sentAt)
                Message(s, estimate, number, sentAt, null);
            if (decided is { } decidedAt)
                Message(s, estimate, number, decidedAt, state == "accepted" ? "accept" : "decline");
        }
    }

    private static void Message(SeedContext s, long estimate, string number, long at, string? eventType) =>
        s.Add("estimate_messages", ("estimate_id", estimate), ("sent_by", "Avery Stone"), ("sent_by_email", "avery.stone@sandbox-agency.example"),
            ("sent_from", "Avery Stone"), ("sent_from_email", "avery.stone@sandbox-agency.example"), ("send_me_a_copy", eventType is null),
            ("recipients", eventType is null ? "[{\"name\":\"Richard Roe\",\"email\":\"richardroe@example.com\"}]" : "[]"),
            ("event_type", eventType), ("subject", eventType is null ? $"Estimate #{number} from Sandbox Agency" : null),
            ("body", eventType is null ? "---------------------------------------------\r\nEstimate Summary\r\n---------------------------------------------" : null),
            ("created_at", s.Instant(at)), ("updated_at", s.Instant(at)));
}
