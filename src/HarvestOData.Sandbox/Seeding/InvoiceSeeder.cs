using System.Globalization;
using System.Text.Json;
using HarvestOData.Sandbox.Store;
using HarvestOData.Sandbox.Writing.Rules;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>
/// Monthly invoices per client built from the billable time and expenses of finished months (most months get
/// invoiced, a few stay open for the uninvoiced report), one line item per project plus one for expenses. The
/// entries they bill are marked billed and point at them. Older invoices are mostly paid, with payments and the
/// messages that sent them and thanked for the payment.
/// </summary>
internal static class InvoiceSeeder
{
    private static readonly string[] CreditCard = ["credit_card"];

    public static void Seed(SeedContext s)
    {
        var groups = new SortedDictionary<(int Month, long Client), Group>();
        int currentMonth = Month(s.Today.DayNumber);
        var entries = s["time_entries"];
        Collect(entries, groups, currentMonth, row => entries.Column<DecimalColumn>("hours")[row] * (entries.Column<DecimalColumn>("billable_rate").Nullable(row) ?? 0), isTime: true);
        var expenses = s["expenses"];
        Collect(expenses, groups, currentMonth, row => expenses.Column<DecimalColumn>("total_cost")[row], isTime: false);
        var invoiced = new Dictionary<(int, long), long>();
        int number = 1001;
        foreach (var ((month, client), group) in groups)
        {
            if (!s.Chance(0.85))
                continue;
            invoiced[(month, client)] = Invoice(s, month, client, group, number++);
        }
        Mark(entries, invoiced, "Item Invoiced and Approved and Locked for this Time Period");
        Mark(expenses, invoiced, "Expense is invoiced.");
    }

    private static void Collect(Table table, SortedDictionary<(int, long), Group> groups, int currentMonth, Func<int, decimal> value, bool isTime)
    {
        var billable = table.Column<BoolColumn>("billable");
        var days = table.Column<DateColumn>("spent_date");
        var clients = table.Column<LongColumn>("client_id");
        var projects = table.Column<LongColumn>("project_id");
        var hours = isTime ? table.Column<DecimalColumn>("hours") : null;
        for (int row = 0; row < table.Count; row++)
        {
            int month = Month(days[row]);
            if (!billable[row] || month >= currentMonth)
                continue;
            var key = (month, clients[row]);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = new Group();
            if (isTime)
            {
                var line = group.Projects.GetValueOrDefault(projects[row]);
                group.Projects[projects[row]] = (line.Hours + hours![row], line.Amount + value(row));
            }
            else
            {
                group.Expenses += value(row);
            }
        }
    }

    private static void Mark(Table table, Dictionary<(int, long), long> invoiced, string reason)
    {
        var billable = table.Column<BoolColumn>("billable");
        var days = table.Column<DateColumn>("spent_date");
        var clients = table.Column<LongColumn>("client_id");
        var invoice = table.Column<LongColumn>("invoice_id");
        for (int row = 0; row < table.Count; row++)
        {
            if (billable[row] && invoiced.TryGetValue((Month(days[row]), clients[row]), out long id))
            {
                invoice[row] = id;
                table.Column<BoolColumn>("is_billed")[row] = true;
                table.Column<StringColumn>("locked_reason")[row] = reason;
            }
        }
    }

    private static long Invoice(SeedContext s, int month, long client, Group group, int number)
    {
        var first = new DateOnly(month / 12, (month % 12) + 1, 1);
        var issue = first.AddMonths(1);
        var due = issue.AddDays(30);
        decimal? tax = s.Chance(0.4) ? s.Pick([5m, 8m]) : null;
        decimal? tax2 = tax is not null && s.Chance(0.25) ? 2m : null;
        decimal? discount = s.Chance(0.1) ? s.Pick([5m, 10m]) : null;
        var clients = s["clients"];
        int clientRow = clients.Find(client);
        var lines = group.Projects.Where(p => p.Value.Hours > 0)
            .Select(p => (Project: (long?)p.Key, Kind: "Service", Quantity: Math.Round(p.Value.Hours, 2), Price: Math.Round(p.Value.Amount / p.Value.Hours, 2), Taxed: tax is not null, Taxed2: tax2 is not null))
            .ToList();
        if (group.Expenses > 0)
            lines.Add((null, "Product", 1m, Math.Round(group.Expenses, 2), false, false));
        var totals = DocumentTotals.Compute(lines.Select(l => (Math.Round(l.Quantity * l.Price, 2), l.Taxed, l.Taxed2)), tax, tax2, discount);
        int age = s.Today.DayNumber - due.DayNumber;
        double roll = s.Random.NextDouble();
        string state = s.Today.DayNumber - issue.DayNumber < 3 ? "draft" : age > 30 ? (roll < 0.85 ? "paid" : roll < 0.9 ? "closed" : "open") : age > 0 && roll < 0.5 ? "paid" : "open";
        long created = s.At(issue, 8 * 3600);
        long? sent = state == "draft" ? null : s.At(issue, 9 * 3600);
        var paidDay = state == "paid" ? DateOnly.FromDayNumber(Math.Min(s.Today.DayNumber, issue.DayNumber + s.Random.Next(3, 40))) : (DateOnly?)null;
        long? paidAt = paidDay is { } p ? Math.Max(sent ?? created, s.At(p, 15 * 3600)) : null;
        long? closedAt = state == "closed" ? s.At(due.AddDays(45), 12 * 3600) : null;
        decimal paid = state == "paid" ? totals.Amount : state == "open" && sent is not null && s.Chance(0.2) ? Math.Round(totals.Amount / 2, 2) : 0;
        long updated = new[] { created, sent ?? 0, paidAt ?? 0, closedAt ?? 0 }.Max();
        int row = s.Add("invoices",
            ("client_id", client), ("creator_id", s.AdministratorId), ("client_key", Keys.Hex(number, "invoices", 40)),
            ("number", number.ToString(CultureInfo.InvariantCulture)), ("purchase_order", ""), ("amount", totals.Amount),
            ("due_amount", totals.Amount - paid), ("tax", tax), ("tax_amount", totals.Tax), ("tax2", tax2), ("tax2_amount", totals.Tax2),
            ("discount", discount), ("discount_amount", totals.Discount),
            ("subject", $"{clients.Column<StringColumn>("name")[clientRow]} - {first.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}"),
            ("notes", "Thank you for your business."), ("currency", clients.Column<StringColumn>("currency")[clientRow]), ("state", state),
            ("period_start", first), ("period_end", issue.AddDays(-1)), ("issue_date", issue), ("due_date", due), ("payment_term", "net 30"),
            ("payment_options", s.Chance(0.5) ? CreditCard : Array.Empty<string>()),
            ("sent_at", sent is { } sentAt ? s.Instant(sentAt) : null), ("paid_at", paidAt is { } pa ? s.Instant(pa) : null), ("paid_date", paidDay),
            ("closed_at", closedAt is { } ca ? s.Instant(ca) : null), ("created_at", s.Instant(created)), ("updated_at", s.Instant(updated)));
        long invoice = s["invoices"].Ids[row];
        foreach (var line in lines)
        {
            s.Add("invoice_line_items", ("invoice_id", invoice), ("project_id", line.Project), ("kind", line.Kind),
                ("description", line.Kind == "Service" ? $"{ProjectName(s, line.Project!.Value)} - {first.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}" : "Expenses"),
                ("quantity", line.Quantity), ("unit_price", line.Price), ("amount", Math.Round(line.Quantity * line.Price, 2)), ("taxed", line.Taxed), ("taxed2", line.Taxed2));
        }
        if (sent is { } sentSeconds)
            Message(s, invoice, clientRow, number, sentSeconds, thankYou: false, eventType: null);
        if (paid > 0)
        {
            long paidSeconds = paidAt ?? Math.Min(s.NowSeconds, (sent ?? created) + (7 * 86_400));
            bool gateway = s.Chance(0.3);
            s.Add("invoice_payments", ("invoice_id", invoice), ("amount", paid), ("paid_at", s.Instant(paidSeconds)),
                ("paid_date", DateOnly.FromDateTime(s.Instant(paidSeconds).UtcDateTime)), ("recorded_by", "Avery Stone"),
                ("recorded_by_email", "avery.stone@sandbox-agency.example"), ("notes", gateway ? null : "Paid by bank transfer"),
                ("transaction_id", gateway ? $"ch_{Keys.Hex(invoice, "charge", 16)}" : null),
                ("payment_gateway_id", gateway ? 1234L : null), ("payment_gateway_name", gateway ? "Stripe" : null),
                ("created_at", s.Instant(paidSeconds)), ("updated_at", s.Instant(paidSeconds)));
            if (state == "paid")
                Message(s, invoice, clientRow, number, paidSeconds, thankYou: true, eventType: null);
        }
        if (closedAt is { } closedSeconds)
            Message(s, invoice, clientRow, number, closedSeconds, thankYou: false, eventType: "close");
        return invoice;
    }

    private static void Message(SeedContext s, long invoice, int clientRow, int number, long at, bool thankYou, string? eventType)
    {
        var contacts = s["contacts"];
        long client = s["clients"].Ids[clientRow];
        int contact = contacts.LiveRows().FirstOrDefault(r => contacts.Column<LongColumn>("client_id")[r] == client, -1);
        string recipients = eventType is not null || contact < 0 ? "[]" : JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, string>
            {
                ["name"] = $"{contacts.Column<StringColumn>("first_name")[contact]} {contacts.Column<StringColumn>("last_name")[contact]}",
                ["email"] = contacts.Column<StringColumn>("email")[contact]!,
            },
        });
        s.Add("invoice_messages", ("invoice_id", invoice), ("sent_by", "Avery Stone"), ("sent_by_email", "avery.stone@sandbox-agency.example"),
            ("sent_from", "Avery Stone"), ("sent_from_email", "avery.stone@sandbox-agency.example"), ("recipients", recipients),
            ("subject", eventType is null ? (thankYou ? $"Thank you for your payment of invoice #{number}" : $"Invoice #{number} from Sandbox Agency") : null),
            ("body", eventType is null ? "---------------------------------------------\r\nInvoice Summary\r\n---------------------------------------------" : null),
            ("include_link_to_client_invoice", false), ("attach_pdf", eventType is null), ("send_me_a_copy", false), ("thank_you", thankYou),
            ("reminder", false), ("event_type", eventType), ("send_reminder_on", null),
            ("created_at", s.Instant(at)), ("updated_at", s.Instant(at)));
    }

    private static string ProjectName(SeedContext s, long project)
    {
        var projects = s["projects"];
        return projects.Column<StringColumn>("name")[projects.Find(project)]!;
    }

    private static int Month(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        return (date.Year * 12) + date.Month - 1;
    }

    private sealed class Group
    {
        public Dictionary<long, (decimal Hours, decimal Amount)> Projects { get; } = [];

        public decimal Expenses { get; set; }
    }
}
