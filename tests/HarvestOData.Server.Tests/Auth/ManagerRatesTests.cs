using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.Auth;

/// <summary>
/// A manager without <c>billable_rates_manager</c> sees teammates but not their rates (and always their own), in the
/// sandbox's answers and in the feed alike. The demo manager holds every manager permission, so this class takes it away
/// in a sandbox of its own before the mirror is made.
/// </summary>
public sealed class ManagerRatesTests : IAsyncLifetime
{
    private readonly HarvestSandbox _sandbox = new(new SandboxOptions { TimeEntries = 200, Users = 10, Projects = 10, Clients = 4, RateLimitRequests = 1000, RateLimitWindowSeconds = 1 });
    private readonly string _mirror = MirrorFile.NewPath();
    private ServerFactory _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _sandbox.Data.Update("users", _sandbox.Manager.UserId, new Dictionary<string, object?> { ["access_roles"] = new[] { "manager", "project_creator" } });
        _server = new ServerFactory(_sandbox, _mirror, pageSize: 500);
        _client = _server.CreateClient();
        await ODataFixture.SyncAsync(_server.Services);
    }

    [Fact]
    public async Task A_manager_without_the_billable_rates_permission_reads_teammates_rates_as_null_and_their_own_whole()
    {
        var manager = _sandbox.Manager;
        using var request = ODataFixture.Request("/odata/Users?$select=Id,FirstName,DefaultHourlyRate,CostRate", manager);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var feed = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var users = feed.RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.True(users.Count > 1, "the manager has teammates");

        using var harvest = new HttpClient(_sandbox.CreateHandler()) { BaseAddress = _sandbox.BaseAddress };
        harvest.DefaultRequestHeaders.UserAgent.ParseAdd("HarvestOData.Tests (tests@example.com)");
        harvest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", manager.Token);
        harvest.DefaultRequestHeaders.Add("Harvest-Account-Id", _sandbox.AccountId);
        using var listed = JsonDocument.Parse(await harvest.GetStringAsync("users?per_page=2000"));
        var sandboxUsers = listed.RootElement.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("id").GetInt64());

        Assert.Equal(sandboxUsers.Keys.Order(), users.Select(u => u.GetProperty("Id").GetInt64()).Order());
        foreach (var user in users)
        {
            long id = user.GetProperty("Id").GetInt64();
            var row = _sandbox.Data.Find("users", id)!;
            bool own = id == manager.UserId;
            Assert.Equal(row.Str("first_name"), user.GetProperty("FirstName").GetString());
            Assert.Equal(own, sandboxUsers[id].TryGetProperty("default_hourly_rate", out _));
            Assert.Equal(own, sandboxUsers[id].TryGetProperty("cost_rate", out _));
            if (own)
                Assert.Equal(row.Dec("default_hourly_rate"), user.GetProperty("DefaultHourlyRate").ValueKind == JsonValueKind.Null ? null : user.GetProperty("DefaultHourlyRate").GetDecimal());
            else
                Assert.Equal(JsonValueKind.Null, user.GetProperty("DefaultHourlyRate").ValueKind);
            if (!own)
                Assert.Equal(JsonValueKind.Null, user.GetProperty("CostRate").ValueKind);
        }
        Assert.Contains(users, u => u.GetProperty("Id").GetInt64() != manager.UserId && _sandbox.Data.Find("users", u.GetProperty("Id").GetInt64())!["default_hourly_rate"] is not null);
        Assert.Equal(0, _sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, _sandbox.Counters.CallsWhileThrottled);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        MirrorFile.Delete(_mirror);
    }
}
