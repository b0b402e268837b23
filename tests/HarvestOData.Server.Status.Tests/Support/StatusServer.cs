using System.Net.Http.Headers;
using System.Text;
using HarvestOData.Sandbox;
using HarvestOData.Server.Status;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.Status.Tests.Support;

/// <summary>
/// The real server (Program) in sandbox mode, on a real Kestrel port on 127.0.0.1 so a browser can reach it, over a
/// small sandbox of the test's own and a mirror in a temp folder. The Hangfire jobs run as in production, with a long
/// interval: each resource passes once at start, then only when "sync now" (or a test) asks. Only one such server
/// runs at a time (collection <see cref="ServerCollection"/>): Hangfire's logging and serializer settings are process-wide.
/// </summary>
public sealed class StatusServer : WebApplicationFactory<StatusReader>
{
    private readonly TempFolder _folder = new();
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly ILoggerProvider? _logs;

    public StatusServer(HarvestSandbox sandbox, IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        Sandbox = sandbox;
        _settings = settings ?? new Dictionary<string, string?>();
        _logs = logs;
        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HarvestSandbox Sandbox { get; }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    public HttpClient Http { get; }

    public string MirrorPath => _folder.File("harvest.db");

    /// <summary>A small, fast sandbox: a generous throttle with a one-second window so the chart moves during a test.</summary>
    public static HarvestSandbox NewSandbox(int timeEntries = 3_000) => new(new SandboxOptions
    {
        Seed = 11,
        TimeEntries = timeEntries,
        RateLimitRequests = 200,
        RateLimitWindowSeconds = 1,
    });

    public static string Basic(SandboxUser user) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("excel:" + user.Token));

    public HttpRequestMessage Request(HttpMethod method, string path, string? authorization)
    {
        var request = new HttpRequestMessage(method, path);
        if (authorization is not null)
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return request;
    }

    /// <summary>0 calls over the sandbox's limit and 0 calls while it throttled, since this server started.</summary>
    public void AssertThrottleRespected()
    {
        Assert.True(Sandbox.Counters.CallsOverLimit == 0, $"{Sandbox.Counters.CallsOverLimit} calls went over the sandbox's limit ({Sandbox.Counters}).");
        Assert.True(Sandbox.Counters.CallsWhileThrottled == 0, $"{Sandbox.Counters.CallsWhileThrottled} calls were made while throttled ({Sandbox.Counters}).");
    }

    /// <summary>Waits until every resource has finished its first pass (<c>/healthz/ready</c> answers 200).</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            using var response = await Http.GetAsync("/healthz/ready", patience.Token);
            if (response.IsSuccessStatusCode)
                return;
            await Task.Delay(200, patience.Token);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Mirror:ConnectionString", $"Data Source={MirrorPath}");
        builder.UseSetting("Sync:Interval", "01:00:00");
        builder.UseSetting("Sync:ReconcileInterval", "1.00:00:00");
        builder.UseSetting("Logging:LogLevel:Default", _logs is null ? "Warning" : "Trace");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<HarvestSandbox>();
            services.AddSingleton(Sandbox);
            if (_logs is not null)
                services.AddSingleton(_logs);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Http.Dispose();
            _folder.Dispose();
        }
    }
}

/// <summary>The collection of every test that starts a server: one at a time, next to the shared <see cref="ServerFixture"/>.</summary>
public static class ServerCollection
{
    public const string Name = "servers with running jobs, one at a time";
}
