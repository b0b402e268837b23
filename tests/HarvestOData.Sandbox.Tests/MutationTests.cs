using System.Net;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Data changes through the API and the test helpers: cascades, clocks, and what the API shows after.</summary>
public sealed class MutationTests
{
    private readonly HarvestSandbox _sandbox;
    private readonly FakeTimeProvider _clock;

    public MutationTests() => (_sandbox, _clock) = Sandboxes.Create();

    [Fact]
    public async Task Deleting_a_project_deletes_its_time_entries_expenses_and_assignments_but_keeps_invoices()
    {
        var project = _sandbox.Data.Rows("invoice_line_items").Where(i => i["project_id"] is long).Select(i => (long)i["project_id"]!)
            .First(p => _sandbox.Data.Rows("expenses").Any(e => (long)e["project_id"]! == p));
        var entries = Of("time_entries", project);
        var expenses = Of("expenses", project);
        var invoices = _sandbox.Data.Rows("invoice_line_items").Where(i => (long?)i["project_id"] == project).Select(i => (long)i["invoice_id"]!).ToHashSet();
        Assert.NotEmpty(entries);
        Assert.NotEmpty(expenses);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _sandbox.Data.DeleteProject(project);
        Assert.Null(_sandbox.Data.Find("projects", project));
        Assert.Empty(Of("time_entries", project));
        Assert.Empty(Of("expenses", project));
        Assert.Empty(Of("task_assignments", project));
        Assert.Empty(Of("user_assignments", project));
        Assert.All(invoices, id => Assert.NotNull(_sandbox.Data.Find("invoices", id)));
        Assert.DoesNotContain(_sandbox.Data.Rows("invoice_line_items"), i => (long?)i["project_id"] == project);
        using var admin = _sandbox.ClientFor(_sandbox.Administrator);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Send(HttpMethod.Get, $"time_entries/{entries[0]}")).Status);
        Assert.Equal(0, (await admin.GetOk($"time_entries?project_id={project}"))["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_a_project_through_the_api_cascades_too()
    {
        long project = Work.Any(_sandbox, "projects", p => Of("time_entries", p.Id).Count > 0);
        var (status, body) = await _sandbox.ClientFor(_sandbox.Administrator).Delete($"projects/{project}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body);
        Assert.Empty(Of("time_entries", project));
    }

    [Fact]
    public async Task Update_random_bumps_updated_at_to_the_clock_and_the_api_shows_the_change()
    {
        _clock.Advance(TimeSpan.FromHours(2));
        var changed = _sandbox.Data.UpdateRandom("time_entries", 3);
        Assert.Equal(3, changed.Distinct().Count());
        foreach (long id in changed)
            Assert.Equal(_clock.GetUtcNow(), (DateTimeOffset)_sandbox.Data.Find("time_entries", id)!["updated_at"]!);
        string since = Uri.EscapeDataString(_clock.GetUtcNow().AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var page = await _sandbox.ClientFor(_sandbox.Administrator).GetOk($"time_entries?updated_since={since}");
        Assert.Equal(changed.Order(), page["time_entries"]!.AsArray().Select(e => e!.Id()).Order());
    }

    [Fact]
    public async Task Created_and_deleted_rows_appear_and_disappear_in_the_api()
    {
        var created = _sandbox.Data.CreateTimeEntries(25);
        Assert.Equal(25, created.Count);
        Assert.Equal(3025, _sandbox.Data.Count("time_entries"));
        using var admin = _sandbox.ClientFor(_sandbox.Administrator);
        var entry = await admin.GetOk($"time_entries/{created[0]}");
        Assert.Equal("Created by the sandbox", entry["notes"]!.GetValue<string>());
        var deleted = _sandbox.Data.DeleteRandom("time_entries", 10);
        Assert.Equal(10, deleted.Count);
        Assert.Equal(3015, (await admin.GetOk("time_entries?per_page=1"))["total_entries"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Send(HttpMethod.Get, $"time_entries/{deleted[0]}")).Status);
    }

    [Fact]
    public void Helpers_refuse_what_Harvest_refuses()
    {
        long client = (long)_sandbox.Data.Rows("projects")[0]["client_id"]!;
        Assert.Throws<InvalidOperationException>(() => _sandbox.Data.Delete("clients", client));
        Assert.Throws<KeyNotFoundException>(() => _sandbox.Data.Delete("clients", 1));
        Assert.Throws<InvalidOperationException>(() => _sandbox.Data.Create("projects", new Dictionary<string, object?> { ["name"] = "No client" }));
        var deletedClients = _sandbox.Data.DeleteRandom("clients", 50);
        Assert.All(deletedClients, id => Assert.DoesNotContain(_sandbox.Data.Rows("projects"), p => (long)p["client_id"]! == id));
    }

    [Fact]
    public async Task Api_writes_stamp_the_clock_and_updates_return_the_full_object()
    {
        _clock.Advance(TimeSpan.FromDays(1));
        using var admin = _sandbox.ClientFor(_sandbox.Administrator);
        var (status, client) = await admin.Post("clients", new { name = "Fresh Client", currency = "EUR" });
        Assert.Equal(HttpStatusCode.Created, status);
        string now = _clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((now, now), (client!["created_at"]!.GetValue<string>(), client["updated_at"]!.GetValue<string>()));
        _clock.Advance(TimeSpan.FromMinutes(3));
        var (updated, body) = await admin.Patch($"clients/{client.Id()}", new { is_active = false });
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal(("Fresh Client", false, "EUR"), (body!["name"]!.GetValue<string>(), body["is_active"]!.GetValue<bool>(), body["currency"]!.GetValue<string>()));
        Assert.NotEqual(now, body["updated_at"]!.GetValue<string>());
        var (roleStatus, role) = await admin.Post("roles", new { name = "Reviewers", user_ids = new[] { _sandbox.Member.UserId } });
        Assert.Equal(HttpStatusCode.Created, roleStatus);
        Assert.Equal([_sandbox.Member.UserId], role!["user_ids"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.Post("roles", new { name = "Ghosts", user_ids = new[] { 1 } })).Status);
    }

    [Fact]
    public async Task A_new_project_gets_the_default_tasks_and_a_manager_creator_is_its_project_manager()
    {
        long client = Work.Any(_sandbox, "clients");
        var (status, project) = await _sandbox.ClientFor(_sandbox.Manager).Post("projects", new { client_id = client, name = "Manager's", is_billable = true, bill_by = "Project", budget_by = "none" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Contains(project!.Id(), Work.ManagedProjects(_sandbox, _sandbox.Manager.UserId));
        var tasks = await _sandbox.ClientFor(_sandbox.Manager).GetOk($"projects/{project!.Id()}/task_assignments");
        Assert.Equal(_sandbox.Data.Rows("tasks").Count(t => (bool)t["is_default"]! && (bool)t["is_active"]!), tasks["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public void A_billable_rate_ends_the_previous_one_and_becomes_the_users_rate()
    {
        long user = _sandbox.Member.UserId;
        var rate = _sandbox.Data.Create("billable_rates", new Dictionary<string, object?> { ["user_id"] = user, ["amount"] = 222m, ["start_date"] = new DateOnly(2025, 6, 1) });
        var rates = _sandbox.Data.Rows("billable_rates").Where(r => (long)r["user_id"]! == user).OrderBy(r => (DateOnly?)r["start_date"]).ToList();
        Assert.Equal(rate.Id, rates[^1].Id);
        Assert.Null(rates[^1]["end_date"]);
        Assert.Equal(new DateOnly(2025, 5, 31), rates[^2]["end_date"]);
        Assert.Equal(222m, _sandbox.Data.Find("users", user)!["default_hourly_rate"]);
        Assert.Throws<InvalidOperationException>(() => _sandbox.Data.Create("billable_rates", new Dictionary<string, object?> { ["user_id"] = user, ["amount"] = 1m, ["start_date"] = new DateOnly(2030, 1, 1) }));
    }

    private List<long> Of(string resource, long project) =>
        _sandbox.Data.Rows(resource).Where(r => (long)r["project_id"]! == project).Select(r => r.Id).ToList();
}
