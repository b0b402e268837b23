using System.Net;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Each role sees and writes what the catalog's grants and Harvest's permissions say.</summary>
public sealed class VisibilityTests
{
    private readonly HarvestSandbox _sandbox = Sandboxes.Create().Sandbox;

    [Fact]
    public async Task Member_sees_only_their_own_time_entries_and_expenses()
    {
        using var member = _sandbox.ClientFor(_sandbox.Member);
        foreach (var resource in new[] { "time_entries", "expenses" })
        {
            var rows = await member.Walk(resource, resource);
            Assert.All(rows, r => Assert.Equal(_sandbox.Member.UserId, r["user"]!.Id()));
            Assert.Equal(_sandbox.Data.Rows(resource).Count(r => (long)r["user_id"]! == _sandbox.Member.UserId), rows.Count);
            Assert.NotEmpty(rows);
        }
    }

    [Fact]
    public async Task Manager_sees_the_time_of_managed_projects_and_their_own()
    {
        var managed = Work.ManagedProjects(_sandbox, _sandbox.Manager.UserId);
        var expected = _sandbox.Data.Rows("time_entries")
            .Where(r => (long)r["user_id"]! == _sandbox.Manager.UserId || managed.Contains((long)r["project_id"]!)).Select(r => r.Id).ToHashSet();
        var rows = await _sandbox.ClientFor(_sandbox.Manager).Walk("time_entries", "time_entries");
        Assert.Equal(expected, rows.Select(r => r.Id()).ToHashSet());
        Assert.Contains(rows, r => r["user"]!.Id() != _sandbox.Manager.UserId);
        Assert.True(expected.Count < _sandbox.Data.Count("time_entries"));
    }

    [Fact]
    public async Task Member_is_shown_only_the_embedded_shape_of_an_assigned_project_and_its_client()
    {
        using var member = _sandbox.ClientFor(_sandbox.Member);
        long projectId = _sandbox.Data.Rows("user_assignments")
            .First(a => (long)a["user_id"]! == _sandbox.Member.UserId && a["is_active"] is true)["project_id"] as long? ?? 0;
        var project = await member.GetOk($"projects/{projectId}");
        Assert.Equal(["client", "code", "id", "name"], project.AsObject().Select(p => p.Key).Order());
        long clientId = project["client"]!.Id();
        var client = await member.GetOk($"clients/{clientId}");
        Assert.Equal(["currency", "id", "name"], client.AsObject().Select(p => p.Key).Order());
        var admin = await _sandbox.ClientFor(_sandbox.Administrator).GetOk($"projects/{projectId}");
        Assert.Contains("fee", admin.AsObject().Select(p => p.Key));
        Assert.Equal(0, _sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, _sandbox.Counters.CallsWhileThrottled);
    }

    [Fact]
    public async Task Administrator_sees_everything()
    {
        var page = await _sandbox.ClientFor(_sandbox.Administrator).GetOk("time_entries?per_page=1");
        Assert.Equal(_sandbox.Data.Count("time_entries"), page["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public async Task Manager_lists_their_managed_projects_and_the_invoices_of_their_clients()
    {
        using var manager = _sandbox.ClientFor(_sandbox.Manager);
        var managed = Work.ManagedProjects(_sandbox, _sandbox.Manager.UserId);
        var projects = await manager.Walk("projects", "projects");
        Assert.Equal(managed, projects.Select(p => p.Id()).ToHashSet());
        var clients = _sandbox.Data.Rows("projects").Where(p => managed.Contains(p.Id)).Select(p => (long)p["client_id"]!).ToHashSet();
        var invoices = await manager.Walk("invoices", "invoices");
        Assert.NotEmpty(invoices);
        Assert.All(invoices, i => Assert.Contains(i["client"]!.Id(), clients));
    }

    [Theory]
    [InlineData("projects")]
    [InlineData("clients")]
    [InlineData("users")]
    [InlineData("invoices")]
    [InlineData("estimates")]
    [InlineData("roles")]
    [InlineData("task_assignments")]
    [InlineData("user_assignments")]
    [InlineData("contacts")]
    public async Task Member_gets_403_on_lists_their_role_may_not_read(string path)
    {
        var (status, body) = await _sandbox.ClientFor(_sandbox.Member).Send(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.NotNull(body!["message"]);
    }

    [Theory]
    [InlineData("clients")]
    [InlineData("tasks")]
    [InlineData("roles")]
    public async Task Manager_without_client_and_task_manager_gets_403(string path)
    {
        var (status, _) = await _sandbox.ClientFor(_sandbox.Manager).Send(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Theory]
    [InlineData("users/me")]
    [InlineData("company")]
    [InlineData("expense_categories")]
    public async Task Member_reads_their_profile_the_company_and_expense_categories(string path) =>
        await _sandbox.ClientFor(_sandbox.Member).GetOk(path);

    [Fact]
    public async Task Member_may_read_an_assigned_project_by_id_but_not_another()
    {
        using var member = _sandbox.ClientFor(_sandbox.Member);
        var (project, _) = Work.For(_sandbox, _sandbox.Member.UserId);
        await member.GetOk($"projects/{project}");
        var assigned = _sandbox.Data.Rows("user_assignments").Where(a => (long)a["user_id"]! == _sandbox.Member.UserId).Select(a => (long)a["project_id"]!).ToHashSet();
        long other = Work.Any(_sandbox, "projects", p => !assigned.Contains(p.Id));
        var (status, _) = await member.Send(HttpMethod.Get, $"projects/{other}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Member_gets_404_for_another_users_time_entry_and_403_writing_it()
    {
        using var member = _sandbox.ClientFor(_sandbox.Member);
        long other = Work.Any(_sandbox, "time_entries", e => (long)e["user_id"]! != _sandbox.Member.UserId && !(bool)e["is_locked"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Send(HttpMethod.Get, $"time_entries/{other}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Patch($"time_entries/{other}", new { notes = "mine now" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Delete($"time_entries/{other}")).Status);
        Assert.NotEqual("mine now", _sandbox.Data.Find("time_entries", other)!["notes"]);
    }

    [Fact]
    public async Task Member_may_not_log_time_for_another_user_but_may_for_themselves()
    {
        using var member = _sandbox.ClientFor(_sandbox.Member);
        var (project, task) = Work.For(_sandbox, _sandbox.Member.UserId);
        var (forbidden, _) = await member.Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18", hours = 1, user_id = _sandbox.Manager.UserId });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        var (created, body) = await member.Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18", hours = 1 });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(_sandbox.Member.UserId, body!["user"]!.Id());
    }

    [Fact]
    public async Task Manager_may_write_time_entries_on_managed_projects_for_their_team()
    {
        var managed = Work.ManagedProjects(_sandbox, _sandbox.Manager.UserId);
        var teamMate = _sandbox.Data.Rows("user_assignments")
            .First(a => managed.Contains((long)a["project_id"]!) && (long)a["user_id"]! != _sandbox.Manager.UserId && (bool)a["is_active"]!
                && Work.TaskOf(_sandbox, (long)a["project_id"]!) is not null
                && (bool)_sandbox.Data.Find("users", (long)a["user_id"]!)!["is_active"]!);
        long project = (long)teamMate["project_id"]!;
        var (status, body) = await _sandbox.ClientFor(_sandbox.Manager).Post("time_entries", new
        {
            project_id = project, task_id = Work.TaskOf(_sandbox, project), spent_date = "2025-06-18", hours = 2, user_id = (long)teamMate["user_id"]!,
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal((long)teamMate["user_id"]!, body!["user"]!.Id());
    }

    [Fact]
    public async Task Per_parent_lists_of_hidden_parents_are_404()
    {
        long invoice = Work.Any(_sandbox, "invoice_messages", m => true);
        long parent = (long)_sandbox.Data.Find("invoice_messages", invoice)!["invoice_id"]!;
        var (status, _) = await _sandbox.ClientFor(_sandbox.Member).Send(HttpMethod.Get, $"invoices/{parent}/messages");
        Assert.Equal(HttpStatusCode.NotFound, status);
        await _sandbox.ClientFor(_sandbox.Administrator).GetOk($"invoices/{parent}/messages");
    }
}
