using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Seeding;

/// <summary>Expenses over the two years (mileage by the mile, the rest by total), some with receipts; old ones approved.</summary>
internal static class ExpenseSeeder
{
    public static void Seed(SeedContext s, List<WorkSlot> slots, int[][] slotsByDay)
    {
        var table = s["expenses"];
        var categories = s["expense_categories"];
        var categoryRows = categories.LiveRows().ToArray();
        var unitPrice = categories.Column<DecimalColumn>("unit_price");
        var counts = WorkSlot.Spread(s, s.Options.ExpenseCount, slotsByDay);
        int first = s.Start.DayNumber, today = s.Today.DayNumber;
        for (int d = 0; d < counts.Length; d++)
        {
            var date = DateOnly.FromDayNumber(first + d);
            int age = today - (first + d);
            for (int k = 0; k < counts[d]; k++)
            {
                var slot = slots[s.Pick(slotsByDay[d])];
                int category = s.Pick(categoryRows);
                decimal units, total;
                if (unitPrice.Nullable(category) is { } price)
                {
                    units = s.Random.Next(5, 200);
                    total = Math.Round(units * price, 2);
                }
                else
                {
                    units = 1m;
                    total = s.Money(8, 600);
                }
                bool approved = age >= 14;
                long created = s.At(date, (18 * 3600) + (k * 60));
                int row = s.NewRow(table);
                long id = table.Ids[row];
                bool receipt = s.Chance(0.4);
                foreach (var (column, value) in new (string, object?)[]
                {
                    ("client_id", slot.Client), ("project_id", slot.Project), ("expense_category_id", categories.Ids[category]),
                    ("user_id", slot.User), ("user_assignment_id", slot.UserAssignment),
                    ("receipt_url", receipt ? $"https://sandbox-agency.harvestapp.com/expenses/{id}/receipt" : null),
                    ("receipt_file_name", receipt ? $"receipt_{id}.jpg" : null), ("receipt_file_size", receipt ? (long?)s.Random.Next(20_000, 900_000) : null),
                    ("receipt_content_type", receipt ? "image/jpeg" : null),
                    ("notes", s.Chance(0.7) ? s.Pick(["Lunch with client", "Train to workshop", "Hotel", "Stock photos", "Conference ticket", "Taxi"]) : null),
                    ("units", units), ("total_cost", total), ("billable", slot.ProjectBillable && s.Chance(0.8)),
                    ("is_closed", approved), ("approval_status", approved ? "approved" : age >= 7 ? "submitted" : "unsubmitted"),
                    ("is_locked", approved), ("is_billed", false), ("locked_reason", approved ? "Expense is approved." : null),
                    ("spent_date", date), ("created_at", s.Instant(created)), ("updated_at", s.Instant(created + s.Random.Next(0, 3 * 86_400))),
                })
                {
                    table.Column(column).Set(row, value);
                }
            }
        }
    }
}
