using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;
using HarvestOData.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HarvestOData.Mirror.Tests.Cluster;

/// <summary>
/// Two server processes on one PostgreSQL database behave as one: one mirror equal to Harvest, each pass run by one
/// node at a time, one throttle (the sandbox, which both call, never sees the limit exceeded), a node killed with
/// SIGKILL mid-pass leaves its work to the other, and either node answers OData reads and writes.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    // Small enough to mirror in well under a minute, with time entries over ten pages, so the node the test kills
    // is in the middle of that pass.
    private static readonly SandboxOptions Account = new()
    {
        Seed = 11, TimeEntries = 20_000, RateLimitRequests = 40, RateLimitWindowSeconds = 2,
    };

    private readonly string _database = PostgresCluster.Shared.CreateDatabase("two_nodes");
    private SandboxServer _harvest = null!;
    private ServiceProvider _mirror = null!;
    private readonly List<ServerNode> _nodes = [];

    private HarvestSandbox Sandbox => _harvest.Sandbox;

    public async Task InitializeAsync()
    {
        _harvest = await SandboxServer.StartAsync(new HarvestSandbox(Account));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mirror:Provider"] = MirrorDialect.PostgresProvider,
            ["Mirror:ConnectionString"] = _database,
        }).Build();
        _mirror = new ServiceCollection().AddLogging().AddMirror(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task Two_nodes_mirror_one_account_within_its_throttle_survive_a_killed_node_and_both_serve_reads_and_writes()
    {
        var first = await StartNodeAsync();
        var second = await StartNodeAsync();

        // Kill whichever node holds the time-entry pass, while it is under way.
        int holder = await WaitForHolderAsync("time_entries");
        var killed = _nodes.Single(n => n.ProcessId == holder);
        killed.Kill();
        var survivor = killed == first ? second : first;

        await WaitUntilMirrorEqualsSandboxAsync(survivor, "after a node was killed mid-pass");

        // Harvest changes; the surviving node's passes (incremental and deletion checks) bring the mirror along.
        Sandbox.Data.UpdateRandom("time_entries", 25);
        Sandbox.Data.CreateTimeEntries(15);
        Sandbox.Data.DeleteRandom("time_entries", 10);
        Sandbox.Data.UpdateRandom("projects", 3);
        await WaitUntilMirrorEqualsSandboxAsync(survivor, "after changes in Harvest");

        // The killed node comes back; both answer reads, and a write through one is read through the other at once.
        var restarted = await StartNodeAsync();
        long count = Sandbox.Data.Count("time_entries");
        Assert.Equal(count, await CountAsync(survivor, "TimeEntries"));
        Assert.Equal(count, await CountAsync(restarted, "TimeEntries"));
        long id = Sandbox.Data.Rows("time_entries")[0].Id;
        using (var patch = await restarted.Client.PatchAsync($"odata/TimeEntries({id})",
                   new StringContent("""{"Notes":"written through one node"}""", Encoding.UTF8, "application/json")))
            Assert.True(patch.IsSuccessStatusCode, $"PATCH answered {(int)patch.StatusCode}: {await patch.Content.ReadAsStringAsync()}");
        using (var read = await survivor.Client.GetAsync($"odata/TimeEntries({id})?$select=Notes"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            using var json = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
            Assert.Equal("written through one node", json.RootElement.GetProperty("Notes").GetString());
        }
        Assert.Equal("written through one node", Sandbox.Data.Find("time_entries", id)!["notes"]);

        SandboxAssert.ThrottleRespected(Sandbox);
    }

    /// <summary>A node with the settings every node of the cluster shares (one database, one skip-token key, one account).</summary>
    private async Task<ServerNode> StartNodeAsync()
    {
        var node = await ServerNode.StartAsync(new Dictionary<string, string>
        {
            ["Harvest:BaseUrl"] = _harvest.BaseUrl.ToString(),
            ["Harvest:AccountId"] = Sandbox.AccountId,
            ["Harvest:Token"] = Sandbox.Administrator.Token,
            ["Harvest:RateLimit:Requests"] = Account.RateLimitRequests.ToString(CultureInfo.InvariantCulture),
            ["Harvest:RateLimit:WindowSeconds"] = Account.RateLimitWindowSeconds.ToString(CultureInfo.InvariantCulture),
            ["Mirror:Provider"] = MirrorDialect.PostgresProvider,
            ["Mirror:ConnectionString"] = _database,
            ["OData:SkipTokenKey"] = SkipTokenKey,
            ["Sync:Interval"] = "00:00:02",
            ["Sync:ReconcileInterval"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
        }, Sandbox.Administrator.Token);
        _nodes.Add(node);
        return node;
    }

    private static readonly string SkipTokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The process id of the node holding <paramref name="resource"/>'s lease (owner <c>host/pid/start/random</c>).</summary>
    private async Task<int> WaitForHolderAsync(string resource)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand("SELECT lease_owner FROM sync_state WHERE resource = $1 AND lease_owner IS NOT NULL", connection);
            command.Parameters.AddWithValue(resource);
            try
            {
                if (await command.ExecuteScalarAsync() is string owner)
                    return int.Parse(owner.Split('/')[1], CultureInfo.InvariantCulture);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The first node has not created the schema yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No node took the {resource} pass within a minute.\n" + string.Join("\n---\n", _nodes.Select(n => n.Output)));
    }

    private async Task WaitUntilMirrorEqualsSandboxAsync(ServerNode node, string when)
    {
        var reader = _mirror.GetRequiredService<MirrorReader>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                await SandboxAssert.MirrorEqualsSandbox(reader, Sandbox);
                return;
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                throw new Xunit.Sdk.XunitException($"The mirror did not equal the sandbox within 2 minutes {when}: {e.Message}\nnode output:\n{node.Output}");
            }
        }
    }

    private static async Task<long> CountAsync(ServerNode node, string set)
    {
        using var response = await node.Client.GetAsync($"odata/{set}/$count");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{set}/$count answered {(int)response.StatusCode}: {body}");
        return long.Parse(body, CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        await _mirror.DisposeAsync();
        await _harvest.DisposeAsync();
    }
}
