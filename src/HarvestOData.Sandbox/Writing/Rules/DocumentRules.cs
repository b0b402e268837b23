using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>
/// Invoices and estimates: Harvest numbers them, issues a client key, starts them as drafts in the client's
/// currency and computes every amount from the line items (amount = quantity × unit price; discount on the
/// subtotal; taxes on the discounted taxed items). An invoice's due amount is what its payments leave open.
/// </summary>
internal sealed class DocumentRules : ResourceRules
{
    private static readonly Dictionary<string, int?> PaymentTerms = new(StringComparer.Ordinal)
    {
        ["upon receipt"] = 0, ["net 15"] = 15, ["net 30"] = 30, ["net 45"] = 45, ["net 60"] = 60, ["custom"] = null,
    };

    public override void BeforeSave(WriteContext c)
    {
        bool invoice = c.Table.Name == "invoices";
        if (c.IsCreate)
        {
            c["creator_id"] = c.Store["users"].Find(c.Caller.UserId) >= 0 ? c.Caller.UserId : null;
            c["client_key"] = Keys.Hex(c.Table.NextId, c.Table.Name, 40);
            c["state"] = "draft";
            c.Default("issue_date", c.Store.Today);
            c.Default("number", NextNumber(c.Table));
            var clients = c.Store["clients"];
            c.Default("currency", clients.Column<StringColumn>("currency")[Lookup.Row(c.Store, "clients", c.Id("client_id"), "client_id")]);
            if (invoice)
            {
                c.Default("payment_term", "upon receipt");
                c.Default("payment_options", Array.Empty<string>());
            }
        }
        foreach (var percent in new[] { "tax", "tax2", "discount" })
        {
            if (c.Decimal(percent) is < 0 or > 100)
                throw SandboxProblem.Invalid($"{Labels.Of(percent)} must be a percentage between 0 and 100");
        }
        if (invoice)
            DueDate(c);
        CheckKinds(c);
    }

    public override void AfterSave(WriteContext c) => Recompute(c.Store, c.Table, c.Row);

    /// <summary>Line item amounts and the document's totals; for invoices also the due amount.</summary>
    public static void Recompute(SandboxStore store, Table table, int row)
    {
        var items = store[table.Name == "invoices" ? "invoice_line_items" : "estimate_line_items"];
        var quantity = items.Column<DecimalColumn>("quantity");
        var price = items.Column<DecimalColumn>("unit_price");
        var amount = items.Column<DecimalColumn>("amount");
        var taxed = items.Column<BoolColumn>("taxed");
        var taxed2 = items.Column<BoolColumn>("taxed2");
        var lines = new List<(decimal, bool, bool)>();
        foreach (int item in items.ChildrenOf(table.Ids[row]))
        {
            quantity[item] = quantity.Nullable(item) ?? 1;
            price[item] = price.Nullable(item) ?? 0;
            amount[item] = Math.Round(quantity[item] * price[item], 2);
            lines.Add((amount[item], taxed[item], taxed2[item]));
        }
        items.Touch();
        var decimals = (string column) => table.Column<DecimalColumn>(column).Nullable(row);
        var totals = DocumentTotals.Compute(lines, decimals("tax"), decimals("tax2"), decimals("discount"));
        table.Column<DecimalColumn>("discount_amount")[row] = totals.Discount;
        table.Column<DecimalColumn>("tax_amount")[row] = totals.Tax;
        table.Column<DecimalColumn>("tax2_amount")[row] = totals.Tax2;
        table.Column<DecimalColumn>("amount")[row] = totals.Amount;
        if (table.Name == "invoices")
            table.Column<DecimalColumn>("due_amount")[row] = table.Column<DecimalColumn>("amount")[row] - Paid(store, table.Ids[row]);
        table.Touch();
    }

    public static decimal Paid(SandboxStore store, long invoiceId)
    {
        var payments = store["invoice_payments"];
        var amounts = payments.Column<DecimalColumn>("amount");
        return payments.ChildrenOf(invoiceId).Sum(r => amounts[r]);
    }

    private static void DueDate(WriteContext c)
    {
        string term = c.Text("payment_term") ?? "upon receipt";
        if (!PaymentTerms.TryGetValue(term, out int? days))
            throw SandboxProblem.Invalid("Payment term must be one of upon receipt, net 15, net 30, net 45, net 60, custom");
        var issued = c.Date("issue_date") ?? c.Store.Today;
        if (days is { } net)
            c["due_date"] = issued.AddDays(net);
        else
            c.Default("due_date", issued);
    }

    /// <summary>A line item's kind is the name of an item category (Service, Product…).</summary>
    private static void CheckKinds(WriteContext c)
    {
        string child = c.Table.Name == "invoices" ? "invoice_line_items" : "estimate_line_items";
        if (!c.Input.Items.TryGetValue(child, out var items))
            return;
        var categories = c.Store[c.Table.Name == "invoices" ? "invoice_item_categories" : "estimate_item_categories"];
        var names = categories.Column<StringColumn>("name");
        var kinds = categories.LiveRows().Select(r => names[r]).ToHashSet(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Values.GetValueOrDefault("kind") is string kind && !kinds.Contains(kind))
                throw SandboxProblem.Invalid($"Kind \"{kind}\" is not an item category");
        }
    }

    private static string NextNumber(Table table)
    {
        var numbers = table.Column<StringColumn>("number");
        long highest = 1000;
        foreach (int row in table.LiveRows())
        {
            if (long.TryParse(numbers[row], System.Globalization.CultureInfo.InvariantCulture, out long number))
                highest = Math.Max(highest, number);
        }
        return (highest + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
