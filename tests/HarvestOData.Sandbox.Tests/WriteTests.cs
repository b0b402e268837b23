using System.Net;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Writes Harvest computes something for: the company's mode, expenses by unit, users, assignments.</summary>
public sealed class WriteTests
{
    private readonly HarvestSandbox _sandbox = Sandboxes.Create().Sandbox;

    [Fact]
    public async Task The_administrator_switches_the_company_to_timestamp_timers_and_time_follows()
    {
        using var admin = _sandbox.ClientFor(_sandbox.Administrator);
        Assert.Equal(HttpStatusCode.Forbidden, (await _sandbox.ClientFor(_sandbox.Manager).Patch("company", new { wants_timestamp_timers = true })).Status);
        var (status, company) = await admin.Patch("company", new { wants_timestamp_timers = true });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(company!["wants_timestamp_timers"]!.GetValue<bool>());
        var (project, task) = Work.For(_sandbox, _sandbox.Administrator.UserId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18", hours = 1 })).Status);
        var (created, entry) = await admin.Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18", started_time = "8:00am", ended_time = "9:15am" });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(1.25m, entry!["hours"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_unit_priced_expense_takes_units_and_computes_its_total()
    {
        using var member = _sandbox.ClientFor(_sandbox.Member);
        var (project, _) = Work.For(_sandbox, _sandbox.Member.UserId);
        long mileage = Work.Any(_sandbox, "expense_categories", c => (string)c["name"]! == "Mileage");
        var (status, expense) = await member.Post("expenses", new { project_id = project, expense_category_id = mileage, spent_date = "2025-06-18", units = 100 });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(65.5m, expense!["total_cost"]!.GetValue<decimal>());
        Assert.Equal(_sandbox.Member.UserId, expense["user"]!.Id());
        Assert.Equal("mile", expense["expense_category"]!["unit_name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await member.Post("expenses", new { project_id = project, expense_category_id = mileage, spent_date = "2025-06-18" })).Status);
    }

    [Fact]
    public async Task A_user_without_time_can_be_created_assigned_and_deleted_with_their_assignments()
    {
        using var admin = _sandbox.ClientFor(_sandbox.Administrator);
        var (created, user) = await admin.Post("users", new { first_name = "Ada", last_name = "Byron", email = "ada@example.com", access_roles = new[] { "manager", "project_creator" } });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.Post("users", new { first_name = "Ada", last_name = "Again", email = "ADA@example.com" })).Status);
        long project = Work.Any(_sandbox, "projects");
        var (assigned, assignment) = await admin.Post($"projects/{project}/user_assignments", new { user_id = user!.Id(), is_project_manager = true });
        Assert.Equal(HttpStatusCode.Created, assigned);
        Assert.Equal(project, assignment!["project"]!.Id());
        await admin.GetOk($"projects/{project}/user_assignments/{assignment.Id()}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.Post($"projects/{project}/user_assignments", new { user_id = user.Id() })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.Delete($"users/{user.Id()}")).Status);
        Assert.Null(_sandbox.Data.Find("user_assignments", assignment.Id()));
    }

    [Fact]
    public async Task Updates_ignore_fields_Harvest_computes_or_fixes_at_creation()
    {
        using var admin = _sandbox.ClientFor(_sandbox.Administrator);
        var entry = _sandbox.Data.Rows("time_entries").First(e => !(bool)e["is_locked"]!);
        var (status, body) = await admin.Patch($"time_entries/{entry.Id}", new { user_id = _sandbox.Member.UserId, is_billed = true, id = 5, notes = "Only this changes" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((entry.Id, (long)entry["user_id"]!, false, "Only this changes"),
            (body!.Id(), body!["user"]!.Id(), body!["is_billed"]!.GetValue<bool>(), body!["notes"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Locked_time_is_read_only_for_members_and_managers()
    {
        var locked = _sandbox.Data.Rows("time_entries").First(e => (bool)e["is_locked"]! && (long)e["user_id"]! == _sandbox.Member.UserId);
        var (status, body) = await _sandbox.ClientFor(_sandbox.Member).Patch($"time_entries/{locked.Id}", new { notes = "late edit" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("locked", body!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.ClientFor(_sandbox.Administrator).Patch($"time_entries/{locked.Id}", new { notes = "admin edit" })).Status);
    }
}
