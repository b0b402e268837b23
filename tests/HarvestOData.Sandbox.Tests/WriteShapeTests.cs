using System.Net;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>The official example answers of writes (create, update, stop, restart) against the sandbox's answers.</summary>
public sealed class WriteShapeTests
{
    private readonly HarvestSandbox _sandbox = Sandboxes.Create().Sandbox;

    [Fact]
    public async Task Created_client_has_the_shape_of_the_official_example()
    {
        var (status, body) = await Admin().Post("clients", new { name = "Your New Client", currency = "EUR" });
        Assert.Equal(HttpStatusCode.Created, status);
        Check("client_create.json", "clients", body!);
    }

    [Fact]
    public async Task Created_project_has_the_shape_of_the_official_example()
    {
        long client = Work.Any(_sandbox, "clients");
        var (status, body) = await Admin().Post("projects", new
        {
            client_id = client, name = "Your New Project", is_billable = true, bill_by = "Project", hourly_rate = 100.0,
            budget_by = "project", budget = 10000,
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Check("project_create.json", "projects", body!);
    }

    [Fact]
    public async Task Created_task_has_the_shape_of_the_official_example()
    {
        var (status, body) = await Admin().Post("tasks", new { name = "New Task Name", default_hourly_rate = 120.0 });
        Assert.Equal(HttpStatusCode.Created, status);
        Check("task_create.json", "tasks", body!);
    }

    [Fact]
    public async Task Created_user_has_the_shape_of_the_official_example()
    {
        var (status, body) = await Admin().Post("users", new { first_name = "George", last_name = "Frank", email = "george@example.com" });
        Assert.Equal(HttpStatusCode.Created, status);
        Check("user_create.json", "users", body!);
    }

    [Fact]
    public async Task Created_expense_has_the_shape_of_the_official_example()
    {
        var (project, _) = Work.For(_sandbox, _sandbox.Administrator.UserId);
        long meals = Work.Any(_sandbox, "expense_categories", c => (string)c["name"]! == "Meals");
        var (status, body) = await Admin().Post("expenses", new { project_id = project, expense_category_id = meals, spent_date = "2025-06-17", total_cost = 13.59 });
        Assert.Equal(HttpStatusCode.Created, status);
        Check("expense_create.json", "expenses", body!);
    }

    [Fact]
    public async Task Created_invoice_has_the_shape_of_the_official_example()
    {
        long client = Work.Any(_sandbox, "clients");
        var (status, body) = await Admin().Post("invoices", new
        {
            client_id = client, subject = "ABC Project Quote", due_date = "2025-07-27", payment_term = "custom",
            line_items = new[] { new { kind = "Service", description = "ABC Project", unit_price = 5000.0 } },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Check("invoice_create.json", "invoices", body!);
    }

    [Fact]
    public async Task Time_entry_create_update_stop_and_restart_have_the_shapes_of_the_official_examples()
    {
        using var client = Admin();
        var (project, task) = Work.For(_sandbox, _sandbox.Administrator.UserId);
        var (status, created) = await client.Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18", hours = 1.0 });
        Assert.Equal(HttpStatusCode.Created, status);
        // The create example leaves out hours_without_timer, which every other time entry example carries.
        Check("time_entry_create.json", "time_entries", created!, "hours_without_timer");
        var (_, updated) = await client.Patch($"time_entries/{created!.Id()}", new { notes = "Updated notes" });
        Check("time_entry_update.json", "time_entries", updated!);
        var (_, running) = await client.Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18" });
        var (stopStatus, stopped) = await client.Patch($"time_entries/{running!.Id()}/stop");
        Assert.Equal(HttpStatusCode.OK, stopStatus);
        Check("time_entry_stop.json", "time_entries", stopped!);
        var (restartStatus, restarted) = await client.Patch($"time_entries/{running!.Id()}/restart");
        Assert.Equal(HttpStatusCode.OK, restartStatus);
        Check("time_entry_restart.json", "time_entries", restarted!);
    }

    private HttpClient Admin() => _sandbox.ClientFor(_sandbox.Administrator);

    private static void Check(string file, string resource, JsonNode actual, params string[] extras)
    {
        var example = Examples.Load(file);
        var shape = new ShapeAssert(EntityCatalog.Get(resource), extras);
        shape.Compare(example, actual);
        shape.Verify(example, requireCoverage: false);
    }
}
