using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Server.Writes.Tests.Support;

/// <summary>
/// A small sandbox (a few hundred time entries), mirrored once by the mirror's own sync into a mirror of its own (a temp
/// SQLite file, or a fresh database on the tests' PostgreSQL cluster: <see cref="PostgresWriteFixture"/>), and the real
/// server with write-back over it. Each test class gets its own (writes change the data). <see cref="Provider"/> is the
/// one place the provider is chosen: a fixture that changes the sandbox or the settings derives from this one, and its
/// PostgreSQL variant from it, overriding only that.
/// </summary>
public class WriteFixture : IAsyncLifetime
{
    /// <summary>The <c>Mirror:Provider</c> under test.</summary>
    protected virtual string Provider => MirrorDialect.SqliteProvider;

    public ShiftedRealTime SandboxTime { get; } = new();

    public HarvestSandbox Sandbox { get; private set; } = null!;

    /// <summary>The mirror the server reads and writes back to (its provider is the one under test).</summary>
    public TestMirror Mirror { get; private set; } = null!;

    public ServerFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public SandboxCounters Counters => Sandbox.Counters;

    protected virtual SandboxOptions CreateOptions() =>
        new() { TimeEntries = 400, Users = 8, Projects = 12, Clients = 5, RateLimitRequests = 1000, RateLimitWindowSeconds = 1 };

    protected virtual Dictionary<string, string?> Settings() => [];

    /// <summary>The resources the first sync mirrors (all when null); throttled fixtures mirror only what they write.</summary>
    protected virtual IReadOnlyList<string>? SyncResources => null;

    public async Task InitializeAsync()
    {
        Mirror = TestMirror.Create(Provider);
        var settings = Settings();
        // A SQLite mirror's idempotency keys default to idempotency.db next to it, and test mirror files share one
        // folder: each fixture keeps its own, or a retried key would replay another class's (or an earlier run's) answer.
        if (Mirror.Path is { } path)
            settings["OData:Writes:IdempotencyStore"] = path + ".idempotency.db";
        Sandbox = new HarvestSandbox(CreateOptions(), SandboxTime);
        Factory = new ServerFactory(Sandbox, Mirror, pageSize: 5000, settings);
        Client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SyncAsync();
    }

    public async Task SyncAsync()
    {
        var services = Factory.Services;
        await services.GetRequiredService<MirrorSchema>().EnsureCreatedAsync();
        var report = await services.GetRequiredService<SyncRun>().RunAsync(new SyncRunRequest { Resources = SyncResources });
        if (!report.Succeeded)
            throw new InvalidOperationException("The test mirror did not sync: " + string.Join("; ", report.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")));
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, SandboxUser? user, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (user is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content!.Headers.TryAddWithoutValidation(name, value);
        }
        return await Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string url, SandboxUser user, string json, params (string, string)[] headers) => SendAsync(HttpMethod.Post, url, user, json, headers);

    public Task<HttpResponseMessage> PatchAsync(string url, SandboxUser user, string json, params (string, string)[] headers) => SendAsync(HttpMethod.Patch, url, user, json, headers);

    public Task<HttpResponseMessage> DeleteAsync(string url, SandboxUser user, params (string, string)[] headers) => SendAsync(HttpMethod.Delete, url, user, null, headers);

    /// <summary>The entity as the OData read endpoint serves it now (as the administrator), or null on 404.</summary>
    public async Task<JsonElement?> GetAsync(string url, SandboxUser? user = null)
    {
        using var response = await SendAsync(HttpMethod.Get, url, user ?? Sandbox.Administrator);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode? expected = null)
    {
        string text = await response.Content.ReadAsStringAsync();
        if (expected is { } status)
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Rows of a mirror table matching a column value, counted straight from the mirror's database.</summary>
    public async Task<long> MirrorCountAsync(string table, string column, long value)
    {
        await using var connection = await Mirror.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = @value";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@value";
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
            await Factory.DisposeAsync();
        if (Mirror?.Path is { } path)
        {
            Mirror.Delete();
            MirrorFile.Delete(path + ".idempotency.db");
        }
    }
}

/// <summary>The same sandbox and server over a PostgreSQL mirror (<c>Mirror:Provider=postgres</c>).</summary>
public sealed class PostgresWriteFixture : WriteFixture
{
    protected override string Provider => MirrorDialect.PostgresProvider;
}
