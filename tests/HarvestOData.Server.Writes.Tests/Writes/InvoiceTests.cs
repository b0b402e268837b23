using System.Net;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// Line items are changed the way Harvest changes them, through their invoice's PATCH (<c>_destroy</c> for removals),
/// whether addressed as InvoiceLineItems or as a delta inside the invoice; state changes are bound actions.
/// </summary>
public abstract class InvoiceTests(WriteFixture fixture)
{
    private List<HarvestRecord> Items(long invoice) => fixture.Sandbox.Data.Find("invoices", invoice)!.Children["invoice_line_items"];

    private async Task<long> NewInvoiceAsync(string items)
    {
        long client = fixture.Sandbox.Data.Rows("clients")[0].Id;
        using var created = await fixture.PostAsync("/odata/Invoices", fixture.Sandbox.Administrator,
            $$"""{"ClientId":{{client}},"Subject":"Line items","InvoiceLineItems":[{{items}}]}""");
        return (await WriteFixture.JsonAsync(created, HttpStatusCode.Created)).Long("Id");
    }

    [Fact]
    public async Task Line_items_are_added_changed_and_removed_as_their_own_set()
    {
        var admin = fixture.Sandbox.Administrator;
        long invoice = await NewInvoiceAsync("""{"Kind":"Service","Quantity":1,"UnitPrice":100}""");

        using var added = await fixture.PostAsync("/odata/InvoiceLineItems", admin, $$"""{"InvoiceId":{{invoice}},"Kind":"Product","Description":"Licence","Quantity":2,"UnitPrice":25}""");
        var item = await WriteFixture.JsonAsync(added, HttpStatusCode.Created);
        long id = item.Long("Id");
        Assert.Equal(50m, item.Dec("Amount"));
        Assert.Equal(2, Items(invoice).Count);
        Assert.Equal(150m, (await fixture.GetAsync($"/odata/Invoices({invoice})"))!.Value.Dec("Amount"));

        using (var changed = await fixture.PatchAsync($"/odata/InvoiceLineItems({id})", admin, """{"Quantity":4}"""))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(4m, Items(invoice).Single(i => i.Id == id)["quantity"]);
        Assert.Equal(100m, (await fixture.GetAsync($"/odata/InvoiceLineItems({id})"))!.Value.Dec("Amount"));

        using (var removed = await fixture.DeleteAsync($"/odata/InvoiceLineItems({id})", admin))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.DoesNotContain(id, Items(invoice).Select(i => i.Id));
        Assert.Null(await fixture.GetAsync($"/odata/InvoiceLineItems({id})"));
        Assert.Equal(100m, (await fixture.GetAsync($"/odata/Invoices({invoice})"))!.Value.Dec("Amount"));
    }

    [Fact]
    public async Task A_delta_in_the_invoice_adds_changes_and_removes_items_at_once()
    {
        long invoice = await NewInvoiceAsync("""{"Kind":"Service","Quantity":1,"UnitPrice":10},{"Kind":"Service","Quantity":1,"UnitPrice":20}""");
        var before = Items(invoice).OrderBy(i => i.Id).ToList();
        string delta = $$"""
            {"Subject":"Revised","InvoiceLineItems@odata.delta":[
              {"Id":{{before[0].Id}},"Quantity":3},
              {"Kind":"Product","Quantity":1,"UnitPrice":5},
              {"@odata.removed":{"reason":"deleted"},"@odata.id":"InvoiceLineItems({{before[1].Id}})"}]}
            """;
        using var patched = await fixture.PatchAsync($"/odata/Invoices({invoice})", fixture.Sandbox.Administrator, delta, ("Prefer", "return=representation"));
        var served = await WriteFixture.JsonAsync(patched, HttpStatusCode.OK);
        Assert.Equal(35m, served.Dec("Amount"));
        var after = Items(invoice);
        Assert.Equal(2, after.Count);
        Assert.Equal(3m, after.Single(i => i.Id == before[0].Id)["quantity"]);
        Assert.DoesNotContain(before[1].Id, after.Select(i => i.Id));
        Assert.Equal(2, await fixture.MirrorCountAsync("invoice_line_items", "invoice_id", invoice));
    }

    [Fact]
    public async Task A_4_01_removed_entry_with_an_id_removes_the_item()
    {
        long invoice = await NewInvoiceAsync("""{"Kind":"Service","Quantity":1,"UnitPrice":10},{"Kind":"Service","Quantity":1,"UnitPrice":20}""");
        long gone = Items(invoice).Max(i => i.Id);
        using var patched = await fixture.SendAsync(HttpMethod.Patch, $"/odata/Invoices({invoice})", fixture.Sandbox.Administrator,
            $$"""{"InvoiceLineItems@delta":[{"@removed":{"reason":"deleted"},"@id":"InvoiceLineItems({{gone}})"}]}""", ("OData-Version", "4.01"));
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.DoesNotContain(gone, Items(invoice).Select(i => i.Id));
        Assert.Equal(1, await fixture.MirrorCountAsync("invoice_line_items", "invoice_id", invoice));
    }

    [Fact]
    public async Task A_plain_item_array_in_a_patch_replaces_the_items()
    {
        long invoice = await NewInvoiceAsync("""{"Kind":"Service","Quantity":1,"UnitPrice":10},{"Kind":"Service","Quantity":1,"UnitPrice":20}""");
        using var patched = await fixture.PatchAsync($"/odata/Invoices({invoice})", fixture.Sandbox.Administrator,
            """{"InvoiceLineItems":[{"Kind":"Product","Quantity":1,"UnitPrice":7}]}""");
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal(7m, Assert.Single(Items(invoice))["amount"]);
        Assert.Equal(1, await fixture.MirrorCountAsync("invoice_line_items", "invoice_id", invoice));
    }

    [Fact]
    public async Task Invoice_state_changes_are_bound_actions()
    {
        var admin = fixture.Sandbox.Administrator;
        long invoice = await NewInvoiceAsync("""{"Kind":"Service","Quantity":1,"UnitPrice":10}""");
        foreach (var (action, state) in new[] { ("Send", "open"), ("Close", "closed"), ("Reopen", "open"), ("MarkAsDraft", "draft"), ("HarvestOData.Send", "open") })
        {
            using var response = await fixture.PostAsync($"/odata/Invoices({invoice})/{action}", admin, "");
            Assert.Equal(state, (await WriteFixture.JsonAsync(response, HttpStatusCode.OK)).Str("State"));
            Assert.Equal(state, fixture.Sandbox.Data.Find("invoices", invoice)!["state"]);
            Assert.Equal(state, (await fixture.GetAsync($"/odata/Invoices({invoice})"))!.Value.Str("State"));
        }
        Assert.Equal(5, await fixture.MirrorCountAsync("invoice_messages", "invoice_id", invoice));
    }

    [Fact]
    public async Task Estimate_state_changes_are_bound_actions()
    {
        var admin = fixture.Sandbox.Administrator;
        long client = fixture.Sandbox.Data.Rows("clients")[0].Id;
        using var created = await fixture.PostAsync("/odata/Estimates", admin, $$"""{"ClientId":{{client}},"EstimateLineItems":[{"Kind":"Service","Quantity":1,"UnitPrice":10}]}""");
        long estimate = (await WriteFixture.JsonAsync(created, HttpStatusCode.Created)).Long("Id");
        foreach (var (action, state) in new[] { ("Send", "sent"), ("Accept", "accepted"), ("Reopen", "sent"), ("Decline", "declined") })
        {
            using var response = await fixture.PostAsync($"/odata/Estimates({estimate})/{action}", admin, "");
            Assert.Equal(state, (await WriteFixture.JsonAsync(response, HttpStatusCode.OK)).Str("State"));
            Assert.Equal(state, fixture.Sandbox.Data.Find("estimates", estimate)!["state"]);
            Assert.Equal(state, (await fixture.GetAsync($"/odata/Estimates({estimate})"))!.Value.Str("State"));
        }
    }
}

public sealed class InvoiceTestsOnSqlite(WriteFixture fixture) : InvoiceTests(fixture), IClassFixture<WriteFixture>;

public sealed class InvoiceTestsOnPostgres(PostgresWriteFixture fixture) : InvoiceTests(fixture), IClassFixture<PostgresWriteFixture>;
