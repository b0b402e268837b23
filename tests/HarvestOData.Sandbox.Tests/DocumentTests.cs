using System.Net;
using System.Text.Json.Nodes;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Invoices and estimates: line items through the parent, computed amounts, state events, payments.</summary>
public sealed class DocumentTests
{
    private readonly HarvestSandbox _sandbox;
    private readonly FakeTimeProvider _clock;
    private readonly HttpClient _admin;

    public DocumentTests()
    {
        (_sandbox, _clock) = Sandboxes.Create();
        _admin = _sandbox.ClientFor(_sandbox.Administrator);
    }

    [Fact]
    public async Task Line_items_are_added_changed_and_destroyed_through_the_invoice_and_amounts_follow()
    {
        var invoice = await NewInvoice(tax: 10, items: [new { kind = "Service", description = "Design", quantity = 2, unit_price = 100 }, new { kind = "Product", description = "Hosting", quantity = 1, unit_price = 50 }]);
        var items = invoice["line_items"]!.AsArray();
        long design = items[0]!.Id(), hosting = items[1]!.Id();
        var (status, updated) = await _admin.Patch($"invoices/{invoice.Id()}", new
        {
            line_items = new object[]
            {
                new { id = design, quantity = 3 },
                new { id = hosting, _destroy = true },
                new { kind = "Service", description = "Extra", quantity = 0.5, unit_price = 80, taxed = true },
            },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var lines = updated!["line_items"]!.AsArray();
        Assert.Equal(2, lines.Count);
        Assert.DoesNotContain(lines, l => l!.Id() == hosting);
        Assert.Equal(300m, lines.Single(l => l!.Id() == design)!["amount"]!.GetValue<decimal>());
        Assert.Equal(40m, lines.Single(l => l!.Id() != design)!["amount"]!.GetValue<decimal>());
        // 300 + 40; only the new item is taxed: 10 % of 40.
        Assert.Equal(344m, updated["amount"]!.GetValue<decimal>());
        Assert.Equal(4m, updated["tax_amount"]!.GetValue<decimal>());
        Assert.Equal(344m, updated["due_amount"]!.GetValue<decimal>());
        Assert.Equal(2, _sandbox.Data.Find("invoices", invoice.Id())!.Children["invoice_line_items"].Count);
    }

    [Fact]
    public async Task Amounts_follow_Harvests_discount_and_tax_arithmetic()
    {
        var invoice = await NewInvoice(tax: 5, tax2: 2, discount: 10, items: [
            new { kind = "Service", description = "A", quantity = 2, unit_price = 100, taxed = true, taxed2 = true },
            new { kind = "Service", description = "B", quantity = 1, unit_price = 100, taxed = true, taxed2 = true }]);
        Assert.Equal(288.9m, invoice["amount"]!.GetValue<decimal>());
        Assert.Equal(13.5m, invoice["tax_amount"]!.GetValue<decimal>());
        Assert.Equal(5.4m, invoice["tax2_amount"]!.GetValue<decimal>());
        Assert.Equal(30m, invoice["discount_amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Bad_line_items_are_refused_and_change_nothing()
    {
        var invoice = await NewInvoice(items: [new { kind = "Service", description = "A", quantity = 1, unit_price = 10 }]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.Patch($"invoices/{invoice.Id()}", new { line_items = new[] { new { id = 1, quantity = 2 } } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.Patch($"invoices/{invoice.Id()}", new { line_items = new[] { new { kind = "Gold", quantity = 2 } } })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.Patch($"invoices/{invoice.Id()}", new { line_items = new[] { new { description = "no kind" } } })).Status);
        Assert.Single(_sandbox.Data.Find("invoices", invoice.Id())!.Children["invoice_line_items"]);
    }

    [Fact]
    public async Task Invoice_events_move_its_state_and_its_updated_at()
    {
        var invoice = await NewInvoice(items: [new { kind = "Service", description = "A", quantity = 1, unit_price = 10 }]);
        string path = $"invoices/{invoice.Id()}";
        Assert.Equal("draft", invoice["state"]!.GetValue<string>());
        foreach (var (eventType, state) in new[] { ("send", "open"), ("close", "closed"), ("re-open", "open"), ("draft", "draft") })
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            var (status, message) = await _admin.Post($"{path}/messages", new { event_type = eventType });
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal(eventType, message!["event_type"]!.GetValue<string>());
            var now = await _admin.GetOk(path);
            Assert.Equal(state, now["state"]!.GetValue<string>());
            Assert.Equal(Stamp(_clock.GetUtcNow()), now["updated_at"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.Post($"{path}/messages", new { event_type = "explode" })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.Post($"{path}/messages", new { subject = "no recipients" })).Status);
        var (emailed, email) = await _admin.Post($"{path}/messages", new { subject = "Your invoice", recipients = new[] { new { name = "Richard Roe", email = "richard@example.com" } } });
        Assert.Equal(HttpStatusCode.Created, emailed);
        Assert.Equal("Avery Stone", email!["sent_by"]!.GetValue<string>());
        Assert.Equal("open", (await _admin.GetOk(path))["state"]!.GetValue<string>());
        Assert.Equal(5, (await _admin.GetOk($"{path}/messages"))["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public async Task Payments_lower_the_due_amount_until_the_invoice_is_paid_and_deleting_one_reopens_it()
    {
        var invoice = await NewInvoice(items: [new { kind = "Service", description = "A", quantity = 1, unit_price = 100 }]);
        string path = $"invoices/{invoice.Id()}";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.Post($"{path}/payments", new { amount = 40 })).Status);
        await _admin.Post($"{path}/messages", new { event_type = "send" });
        var (status, first) = await _admin.Post($"{path}/payments", new { amount = 40, notes = "Deposit" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(60m, (await _admin.GetOk(path))["due_amount"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.Post($"{path}/payments", new { amount = 61 })).Status);
        await _admin.Post($"{path}/payments", new { amount = 60, paid_date = "2025-06-18" });
        var paid = await _admin.GetOk(path);
        Assert.Equal(("paid", 0m, "2025-06-18"), (paid["state"]!.GetValue<string>(), paid["due_amount"]!.GetValue<decimal>(), paid["paid_date"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await _admin.Delete($"{path}/payments/{first!.Id()}")).Status);
        var reopened = await _admin.GetOk(path);
        Assert.Equal(("open", 40m), (reopened["state"]!.GetValue<string>(), reopened["due_amount"]!.GetValue<decimal>()));
        Assert.Null(reopened["paid_at"]);
    }

    [Fact]
    public async Task Estimate_events_send_accept_decline_and_reopen()
    {
        long client = Work.Any(_sandbox, "clients");
        var (_, estimate) = await _admin.Post("estimates", new { client_id = client, line_items = new[] { new { kind = "Service", description = "Phase 2", quantity = 100, unit_price = 100 } } });
        Assert.Equal(10000m, estimate!["amount"]!.GetValue<decimal>());
        string path = $"estimates/{estimate.Id()}";
        foreach (var (eventType, state) in new[] { ("send", "sent"), ("accept", "accepted"), ("re-open", "sent"), ("decline", "declined") })
        {
            await _admin.Post($"{path}/messages", new { event_type = eventType });
            Assert.Equal(state, (await _admin.GetOk(path))["state"]!.GetValue<string>());
        }
        Assert.NotNull((await _admin.GetOk(path))["declined_at"]);
    }

    private async Task<JsonNode> NewInvoice(object[] items, decimal? tax = null, decimal? tax2 = null, decimal? discount = null)
    {
        long client = Work.Any(_sandbox, "clients");
        var (status, invoice) = await _admin.Post("invoices", new { client_id = client, tax, tax2, discount, line_items = items });
        Assert.True(status == HttpStatusCode.Created, invoice?.ToJsonString());
        return invoice!;
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
