using System.Net;
using System.Text.Json.Nodes;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Harvest's refusals and their bodies: 400, 401, 403, 404 and 422.</summary>
public sealed class ErrorTests
{
    private readonly HarvestSandbox _sandbox = Sandboxes.Create().Sandbox;

    [Fact]
    public async Task Missing_or_wrong_credentials_get_401_with_the_OAuth_error_body()
    {
        using var anonymous = _sandbox.ClientFor(null);
        await Assert401(anonymous, "users/me");
        using var wrongAccount = _sandbox.ClientFor(null);
        wrongAccount.DefaultRequestHeaders.Authorization = new("Bearer", _sandbox.Administrator.Token);
        wrongAccount.DefaultRequestHeaders.Add("Harvest-Account-Id", "999");
        await Assert401(wrongAccount, "users/me");
        using var noAccount = _sandbox.ClientFor(null);
        noAccount.DefaultRequestHeaders.Authorization = new("Bearer", _sandbox.Administrator.Token);
        await Assert401(noAccount, "users/me");
        using var badToken = _sandbox.ClientFor(null);
        badToken.DefaultRequestHeaders.Authorization = new("Bearer", "1.pt.forged");
        badToken.DefaultRequestHeaders.Add("Harvest-Account-Id", _sandbox.AccountId);
        var body = await Assert401(badToken, "users/me");
        Assert.DoesNotContain("forged", body.ToJsonString());
    }

    [Fact]
    public async Task A_request_without_user_agent_gets_400()
    {
        using var client = new HttpClient(_sandbox.CreateHandler()) { BaseAddress = _sandbox.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", _sandbox.Administrator.Token);
        client.DefaultRequestHeaders.Add("Harvest-Account-Id", _sandbox.AccountId);
        var (status, _) = await client.Send(HttpMethod.Get, "users/me");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Theory]
    [InlineData("time_entries/1")]
    [InlineData("projects/99999999")]
    [InlineData("invoices/1/payments")]
    [InlineData("no_such_resource")]
    [InlineData("users/me/nonsense")]
    public async Task Unknown_ids_and_paths_get_404(string path)
    {
        var (status, body) = await Admin().Send(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.NotNull(body!["message"]);
    }

    [Fact]
    public async Task Missing_required_fields_get_422_with_only_a_message()
    {
        var (status, body) = await Admin().Post("projects", new { name = "No client" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var keys = body!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(["message"], keys);
        Assert.Contains("Client", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_referenced_ids_get_422()
    {
        var (status, body) = await Admin().Post("projects", new { client_id = 1, name = "Ghost", is_billable = true, bill_by = "Project", budget_by = "none" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Client", body!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"name\":\"X\",\"is_active\":\"sometimes\"}")]
    [InlineData("{\"name\":42.5,\"default_hourly_rate\":\"a lot\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{not json")]
    public async Task Wrong_types_and_malformed_bodies_get_422_and_write_nothing(string body)
    {
        int before = _sandbox.Data.Count("tasks");
        var (status, answer) = await Admin().Post("tasks", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.NotNull(answer!["message"]);
        Assert.Equal(before, _sandbox.Data.Count("tasks"));
    }

    [Fact]
    public async Task Time_in_the_wrong_mode_gets_422()
    {
        var (project, task) = Work.For(_sandbox, _sandbox.Administrator.UserId);
        var (status, _) = await Admin().Post("time_entries", new { project_id = project, task_id = task, spent_date = "2025-06-18", started_time = "9:00am", ended_time = "10:00am" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var timestamps = Sandboxes.Create(o => o.WantsTimestampTimers = true).Sandbox;
        var (project2, task2) = Work.For(timestamps, timestamps.Administrator.UserId);
        var (status2, body) = await timestamps.ClientFor(timestamps.Administrator).Post("time_entries", new { project_id = project2, task_id = task2, spent_date = "2025-06-18", hours = 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status2);
        Assert.Contains("started_time", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Time_on_a_project_the_user_is_not_assigned_to_gets_422()
    {
        var assigned = _sandbox.Data.Rows("user_assignments").Where(a => (long)a["user_id"]! == _sandbox.Member.UserId).Select(a => (long)a["project_id"]!).ToHashSet();
        long project = Work.Any(_sandbox, "projects", p => !assigned.Contains(p.Id) && Work.TaskOf(_sandbox, p.Id) is not null);
        var (status, body) = await Admin().Post("time_entries", new { project_id = project, task_id = Work.TaskOf(_sandbox, project), spent_date = "2025-06-18", hours = 1, user_id = _sandbox.Member.UserId });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("not assigned", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deletes_Harvest_refuses_get_422_and_delete_nothing()
    {
        long client = (long)_sandbox.Data.Rows("projects")[0]["client_id"]!;
        var (status, body) = await Admin().Delete($"clients/{client}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("projects", body!["message"]!.GetValue<string>());
        Assert.NotNull(_sandbox.Data.Find("clients", client));
        var entry = _sandbox.Data.Rows("time_entries")[0];
        long assignment = (long)entry["task_assignment_id"]!;
        var (status2, _) = await Admin().Delete($"projects/{entry["project_id"]}/task_assignments/{assignment}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status2);
        Assert.NotNull(_sandbox.Data.Find("task_assignments", assignment));
        long user = (long)entry["user_id"]!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Admin().Delete($"users/{user}")).Status);
    }

    [Fact]
    public async Task Forbidden_writes_get_403()
    {
        var (status, body) = await _sandbox.ClientFor(_sandbox.Member).Post("clients", new { name = "Member's client" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.NotNull(body!["message"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await _sandbox.ClientFor(_sandbox.Manager).Post("roles", new { name = "Boss" })).Status);
    }

    private HttpClient Admin() => _sandbox.ClientFor(_sandbox.Administrator);

    private static async Task<JsonNode> Assert401(HttpClient client, string path)
    {
        var (status, body) = await client.Send(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_token", body!["error"]!.GetValue<string>());
        Assert.NotNull(body["error_description"]);
        return body;
    }
}
