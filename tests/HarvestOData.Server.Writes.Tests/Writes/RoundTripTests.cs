using System.Globalization;
using System.Net;
using System.Text.Json;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// Create, update and delete through OData for every resource Harvest lets one write, each visible at once through
/// the read endpoint and in the sandbox (Harvest) itself.
/// </summary>
public abstract class RoundTripTests(WriteFixture fixture)
{
    private string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Clients_are_created_changed_and_deleted()
    {
        await RoundTripAsync("Clients", "clients", """{"Name":"Round Trip Ltd","Currency":"EUR"}""",
            """{"Name":"Round Trip Limited"}""", "name", "Round Trip Limited");
    }

    [Fact]
    public async Task Contacts_are_created_changed_and_deleted()
    {
        long client = fixture.Sandbox.Data.Rows("clients")[0].Id;
        await RoundTripAsync("Contacts", "contacts", $$"""{"ClientId":{{client}},"FirstName":"Ada","Email":"ada@example.com"}""",
            """{"LastName":"Lovelace"}""", "last_name", "Lovelace");
    }

    [Fact]
    public async Task Tasks_are_created_changed_and_deleted()
    {
        await RoundTripAsync("Tasks", "tasks", """{"Name":"Round trip task","DefaultHourlyRate":80.5}""",
            """{"IsActive":false}""", "is_active", false);
    }

    [Fact]
    public async Task Projects_are_created_changed_and_deleted()
    {
        long client = fixture.Sandbox.Data.Rows("clients")[0].Id;
        await RoundTripAsync("Projects", "projects",
            $$"""{"ClientId":{{client}},"Name":"Round trip project","IsBillable":true,"BillBy":"Project","BudgetBy":"project","HourlyRate":120,"StartsOn":"{{Today}}"}""",
            """{"Notes":"Renamed in a round trip","Budget":40.5}""", "notes", "Renamed in a round trip");
    }

    [Fact]
    public async Task Task_assignments_are_created_changed_and_deleted()
    {
        var data = fixture.Sandbox.Data;
        var task = data.Create("tasks", new Dictionary<string, object?> { ["name"] = "Assignable task" });
        long project = data.Rows("projects").First(p => p.Flag("is_active")).Id;
        await RoundTripAsync("TaskAssignments", "task_assignments", $$"""{"ProjectId":{{project}},"TaskId":{{task.Id}},"Billable":true}""",
            """{"HourlyRate":95.25}""", "hourly_rate", 95.25m);
    }

    [Fact]
    public async Task User_assignments_are_created_changed_and_deleted()
    {
        var data = fixture.Sandbox.Data;
        var user = data.Create("users", new Dictionary<string, object?> { ["first_name"] = "Una", ["last_name"] = "Signed", ["email"] = "una.signed@example.com" });
        long project = data.Rows("projects").First(p => p.Flag("is_active")).Id;
        await RoundTripAsync("UserAssignments", "user_assignments", $$"""{"ProjectId":{{project}},"UserId":{{user.Id}}}""",
            """{"IsProjectManager":true}""", "is_project_manager", true);
    }

    [Fact]
    public async Task Users_are_created_changed_and_deleted()
    {
        await RoundTripAsync("Users", "users", """{"FirstName":"Rita","LastName":"Round","Email":"rita.round@example.com","AccessRoles":"member"}""",
            """{"Telephone":"+44 20 7946 0000","WeeklyCapacity":90000}""", "weekly_capacity", 90000L);
    }

    [Fact]
    public async Task Roles_are_created_with_users_changed_and_deleted()
    {
        var users = fixture.Sandbox.Data.Rows("users").Take(2).Select(u => u.Id).ToList();
        long id = await RoundTripAsync("Roles", "roles",
            $$"""{"Name":"Designers","Users@odata.bind":["Users({{users[0]}})","Users({{users[1]}})"]}""",
            """{"Name":"Senior designers"}""", "name", "Senior designers", delete: false);
        Assert.Equal(users.Order(), fixture.Sandbox.Data.Find("roles", id)!.Links["role_users"].Order());
        Assert.Equal(2, await fixture.MirrorCountAsync("role_users", "role_id", id));
        await DeleteAsync("Roles", "roles", id);
        Assert.Equal(0, await fixture.MirrorCountAsync("role_users", "role_id", id));
    }

    [Fact]
    public async Task Time_entries_are_created_changed_and_deleted()
    {
        var data = fixture.Sandbox.Data;
        long user = fixture.Sandbox.Member.UserId;
        var (project, task) = data.WorkFor(user);
        await RoundTripAsync("TimeEntries", "time_entries",
            $$"""{"ProjectId":{{project}},"TaskId":{{task}},"UserId":{{user}},"SpentDate":"{{Today}}","Hours":1.5,"Notes":"Round trip"}""",
            """{"Hours":2.25,"Notes":"Round trip, changed"}""", "hours", 2.25m);
    }

    [Fact]
    public async Task Expenses_are_created_changed_and_deleted()
    {
        var data = fixture.Sandbox.Data;
        long user = fixture.Sandbox.Member.UserId;
        var (project, _) = data.WorkFor(user);
        long category = data.Rows("expense_categories").First(c => c["unit_price"] is null).Id;
        await RoundTripAsync("Expenses", "expenses",
            $$"""{"ProjectId":{{project}},"ExpenseCategoryId":{{category}},"UserId":{{user}},"SpentDate":"{{Today}}","TotalCost":12.5}""",
            """{"Notes":"Taxi to the client"}""", "notes", "Taxi to the client");
    }

    [Fact]
    public async Task Expense_and_item_categories_are_created_changed_and_deleted()
    {
        await RoundTripAsync("ExpenseCategories", "expense_categories", """{"Name":"Parking","UnitName":"hour","UnitPrice":2.5}""",
            """{"UnitPrice":3}""", "unit_price", 3m);
        await RoundTripAsync("InvoiceItemCategories", "invoice_item_categories", """{"Name":"Licences"}""",
            """{"Name":"Software licences"}""", "name", "Software licences");
        await RoundTripAsync("EstimateItemCategories", "estimate_item_categories", """{"Name":"Workshops"}""",
            """{"Name":"Discovery workshops"}""", "name", "Discovery workshops");
    }

    [Fact]
    public async Task Invoices_are_created_with_line_items_changed_and_deleted()
    {
        long client = fixture.Sandbox.Data.Rows("clients")[0].Id;
        long id = await RoundTripAsync("Invoices", "invoices",
            $$"""{"ClientId":{{client}},"Subject":"Round trip invoice","InvoiceLineItems":[{"Kind":"Service","Description":"Design","Quantity":2,"UnitPrice":50}]}""",
            """{"Subject":"Round trip invoice, revised","Discount":10}""", "subject", "Round trip invoice, revised", delete: false);
        var items = fixture.Sandbox.Data.Find("invoices", id)!.Children["invoice_line_items"];
        Assert.Equal(100m, Assert.Single(items)["amount"]);
        Assert.Equal(1, await fixture.MirrorCountAsync("invoice_line_items", "invoice_id", id));
        await DeleteAsync("Invoices", "invoices", id);
        Assert.Equal(0, await fixture.MirrorCountAsync("invoice_line_items", "invoice_id", id));
    }

    [Fact]
    public async Task Estimates_are_created_with_line_items_changed_and_deleted()
    {
        long client = fixture.Sandbox.Data.Rows("clients")[0].Id;
        long id = await RoundTripAsync("Estimates", "estimates",
            $$"""{"ClientId":{{client}},"Subject":"Round trip estimate","EstimateLineItems":[{"Kind":"Service","Quantity":3,"UnitPrice":100}]}""",
            """{"Notes":"Valid for 30 days"}""", "notes", "Valid for 30 days");
        Assert.Null(fixture.Sandbox.Data.Find("estimates", id));
    }

    [Fact]
    public async Task Invoice_payments_are_recorded_and_deleted_and_the_invoice_follows()
    {
        var invoice = fixture.Sandbox.Data.Invoice(i => (string?)i["state"] == "open" && (decimal)i["due_amount"]! > 10);
        decimal due = (decimal)invoice["due_amount"]!;
        using var created = await fixture.PostAsync("/odata/InvoicePayments", fixture.Sandbox.Administrator,
            $$"""{"InvoiceId":{{invoice.Id}},"Amount":10,"Notes":"Part payment"}""");
        var payment = await WriteFixture.JsonAsync(created, HttpStatusCode.Created);
        long id = payment.Long("Id");
        Assert.NotNull(fixture.Sandbox.Data.Find("invoice_payments", id));
        var served = await fixture.GetAsync($"/odata/Invoices({invoice.Id})");
        Assert.Equal(due - 10, served!.Value.Dec("DueAmount"));

        using var deleted = await fixture.DeleteAsync($"/odata/InvoicePayments({id})", fixture.Sandbox.Administrator);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(fixture.Sandbox.Data.Find("invoice_payments", id));
        Assert.Null(await fixture.GetAsync($"/odata/InvoicePayments({id})"));
        Assert.Equal(due, (await fixture.GetAsync($"/odata/Invoices({invoice.Id})"))!.Value.Dec("DueAmount"));
    }

    [Fact]
    public async Task Invoice_messages_are_sent_and_deleted()
    {
        var invoice = fixture.Sandbox.Data.Invoice(i => (string?)i["state"] == "open");
        using var created = await fixture.PostAsync("/odata/InvoiceMessages", fixture.Sandbox.Administrator,
            $$"""{"InvoiceId":{{invoice.Id}},"Subject":"Reminder","Recipients":"[{\"name\":\"Pat\",\"email\":\"pat@example.com\"}]"}""");
        var message = await WriteFixture.JsonAsync(created, HttpStatusCode.Created);
        long id = message.Long("Id");
        Assert.Contains("pat@example.com", (string)fixture.Sandbox.Data.Find("invoice_messages", id)!["recipients"]!);
        Assert.Equal("Reminder", (await fixture.GetAsync($"/odata/InvoiceMessages({id})"))!.Value.Str("Subject"));
        using var deleted = await fixture.DeleteAsync($"/odata/InvoiceMessages({id})", fixture.Sandbox.Administrator);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(fixture.Sandbox.Data.Find("invoice_messages", id));
        Assert.Null(await fixture.GetAsync($"/odata/InvoiceMessages({id})"));
    }

    [Fact]
    public async Task Billable_and_cost_rates_are_created_and_the_user_follows()
    {
        long user = fixture.Sandbox.Member.UserId;
        foreach (var (set, resource, column) in new[] { ("BillableRates", "billable_rates", "DefaultHourlyRate"), ("CostRates", "cost_rates", "CostRate") })
        {
            using var created = await fixture.PostAsync($"/odata/{set}", fixture.Sandbox.Administrator, $$"""{"UserId":{{user}},"Amount":133.5,"StartDate":"{{Today}}"}""");
            long id = (await WriteFixture.JsonAsync(created, HttpStatusCode.Created)).Long("Id");
            Assert.Equal(133.5m, fixture.Sandbox.Data.Find(resource, id)!["amount"]);
            Assert.Equal(133.5m, (await fixture.GetAsync($"/odata/{set}({id})"))!.Value.Dec("Amount"));
            Assert.Equal(133.5m, (await fixture.GetAsync($"/odata/Users({user})"))!.Value.Dec(column));
        }
    }

    [Fact]
    public async Task The_company_is_changed_through_the_singleton()
    {
        using var patched = await fixture.PatchAsync("/odata/Company", fixture.Sandbox.Administrator, """{"WeeklyCapacity":144000}""", ("Prefer", "return=representation"));
        var company = await WriteFixture.JsonAsync(patched, HttpStatusCode.OK);
        Assert.Equal(144000, company.Long("WeeklyCapacity"));
        Assert.Equal(144000L, fixture.Sandbox.Data.Company["weekly_capacity"]);
        Assert.Equal(144000, (await fixture.GetAsync("/odata/Company"))!.Value.Long("WeeklyCapacity"));
    }

    /// <summary>POST, PATCH (return=representation), DELETE; each checked in the response, the sandbox and the read endpoint.</summary>
    private async Task<long> RoundTripAsync(string set, string resource, string create, string update, string column, object expected, bool delete = true)
    {
        var admin = fixture.Sandbox.Administrator;
        using var created = await fixture.PostAsync($"/odata/{set}", admin, create);
        var entity = await WriteFixture.JsonAsync(created, HttpStatusCode.Created);
        long id = entity.Long("Id");
        Assert.EndsWith($"/odata/{set}({id})", created.Headers.Location!.ToString());
        Assert.StartsWith("W/\"", entity.GetProperty("@odata.etag").GetString());
        Assert.EndsWith($"$metadata#{set}/$entity", entity.GetProperty("@odata.context").GetString());
        Assert.NotNull(fixture.Sandbox.Data.Find(resource, id));
        Assert.Equal(id, (await fixture.GetAsync($"/odata/{set}({id})"))!.Value.Long("Id"));

        using var patched = await fixture.PatchAsync($"/odata/{set}({id})", admin, update, ("Prefer", "return=representation"));
        var changed = await WriteFixture.JsonAsync(patched, HttpStatusCode.OK);
        Assert.Equal("return=representation", patched.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal(expected, fixture.Sandbox.Data.Find(resource, id)![column]);
        string property = HarvestOData.Harvest.Catalog.Naming.Pascal(column);
        Assert.Equal(Json(expected), changed.GetProperty(property).GetRawText());
        Assert.Equal(Json(expected), (await fixture.GetAsync($"/odata/{set}({id})"))!.Value.GetProperty(property).GetRawText());

        if (delete)
            await DeleteAsync(set, resource, id);
        return id;
    }

    private async Task DeleteAsync(string set, string resource, long id)
    {
        using var deleted = await fixture.DeleteAsync($"/odata/{set}({id})", fixture.Sandbox.Administrator);
        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync());
        Assert.Null(fixture.Sandbox.Data.Find(resource, id));
        Assert.Null(await fixture.GetAsync($"/odata/{set}({id})"));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}

public sealed class RoundTripTestsOnSqlite(WriteFixture fixture) : RoundTripTests(fixture), IClassFixture<WriteFixture>;

public sealed class RoundTripTestsOnPostgres(PostgresWriteFixture fixture) : RoundTripTests(fixture), IClassFixture<PostgresWriteFixture>;
