using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Invoice events (the catalog's invoice actions): send (draft → open), close, re-open, draft.</summary>
internal sealed class InvoiceMessageRules() : MessageRules("invoices", "invoice_id")
{
    protected override void Transition(SandboxStore store, Table table, int row, string? eventType, DateTimeOffset now)
    {
        string state = table.Column<StringColumn>("state")[row] ?? "draft";
        switch (eventType)
        {
            case null or "send":
                if (state == "draft")
                    Set(table, row, now, ("state", "open"));
                if (table.Column<TimestampColumn>("sent_at").IsNull(row))
                    Set(table, row, now, ("sent_at", now));
                break;
            case "close":
                Set(table, row, now, ("state", "closed"), ("closed_at", now));
                break;
            case "re-open":
                bool settled = table.Column<DecimalColumn>("due_amount").Nullable(row) <= 0 && table.Column<DecimalColumn>("amount").Nullable(row) > 0;
                Set(table, row, now, ("state", settled ? "paid" : "open"), ("closed_at", null));
                break;
            case "draft":
                Set(table, row, now, ("state", "draft"), ("sent_at", null));
                break;
        }
    }
}
