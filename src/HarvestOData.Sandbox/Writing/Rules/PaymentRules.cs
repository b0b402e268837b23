using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Payments lower their invoice's due amount; at zero the invoice is paid (paid_at/paid_date from the payment).
/// Deleting a payment reopens a paid invoice. Either way the invoice's updated_at moves.
/// </summary>
internal sealed class PaymentRules : ResourceRules
{
    public override void BeforeSave(WriteContext c)
    {
        var invoices = c.Store["invoices"];
        int invoice = invoices.Find(c.Id("invoice_id")!.Value);
        if (c.Decimal("amount") is not > 0)
            throw SandboxProblem.Invalid("Amount must be greater than 0");
        if (invoices.Column<StringColumn>("state")[invoice] == "draft")
            throw SandboxProblem.Invalid("A payment can't be recorded on a draft invoice");
        if (c.Decimal("amount") > invoices.Column<DecimalColumn>("due_amount").Nullable(invoice))
            throw SandboxProblem.Invalid("Amount can't be more than the amount due");
        if (c["paid_at"] is null)
            c["paid_at"] = c.Date("paid_date") is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : c.Now;
        c.Default("paid_date", DateOnly.FromDateTime(((DateTimeOffset)c["paid_at"]!).UtcDateTime));
        var users = c.Store["users"];
        int recorder = users.Find(c.Caller.UserId);
        c["recorded_by"] = recorder >= 0 ? $"{users.Column<StringColumn>("first_name")[recorder]} {users.Column<StringColumn>("last_name")[recorder]}" : c.Caller.Name;
        c["recorded_by_email"] = recorder >= 0 ? users.Column<StringColumn>("email")[recorder] : c.Caller.Email;
    }

    public override void AfterSave(WriteContext c) =>
        Settle(c.Store, c.Id("invoice_id")!.Value, c.Now, c["paid_at"] as DateTimeOffset?, c.Date("paid_date"));

    public override void AfterDelete(SandboxStore store, IReadOnlyDictionary<string, object?> deleted, DateTimeOffset now) =>
        Settle(store, (long)deleted["invoice_id"]!, now, null, null);

    private static void Settle(SandboxStore store, long invoiceId, DateTimeOffset now, DateTimeOffset? paidAt, DateOnly? paidDate)
    {
        var invoices = store["invoices"];
        int row = invoices.Find(invoiceId);
        if (row < 0)
            return;
        decimal due = invoices.Column<DecimalColumn>("amount")[row] - DocumentRules.Paid(store, invoiceId);
        RowValues.Change(invoices, row, "due_amount", due, now);
        string? state = invoices.Column<StringColumn>("state")[row];
        if (due <= 0 && paidAt is not null)
        {
            RowValues.Change(invoices, row, "state", "paid", now);
            RowValues.Change(invoices, row, "paid_at", paidAt, now);
            RowValues.Change(invoices, row, "paid_date", paidDate, now);
        }
        else if (due > 0 && state == "paid")
        {
            RowValues.Change(invoices, row, "state", "open", now);
            RowValues.Change(invoices, row, "paid_at", null, now);
            RowValues.Change(invoices, row, "paid_date", null, now);
        }
    }
}
