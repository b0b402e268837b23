using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Sandbox;

namespace HarvestOData.Harvest.Tests.Support;

/// <summary>
/// The production client stack (the default <see cref="SocketsHttpHandler"/>, the transport, the gate on the real
/// clock) against a small sandbox on Kestrel, with a throttle shrunk to <see cref="Limit"/> calls per half second so a
/// test spans many windows in a few seconds.
/// </summary>
public sealed class FaultRig : IAsyncDisposable
{
    public const int Limit = 20;
    public const double WindowSeconds = 0.5;

    private readonly KestrelSandbox _host;
    private readonly HarvestHttpHandler _handler;

    private FaultRig(KestrelSandbox host, HarvestOptions options)
    {
        _host = host;
        Options = options;
        Gate = new RateGate(options.RateLimit, TimeProvider.System, Sends);
        _handler = HarvestHttpHandler.CreateDefault();
        Client = new HarvestClient(new HttpClient(_handler.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            new HarvestCredential(Sandbox.AccountId, Sandbox.Administrator.Token), Gate, options);
    }

    public HarvestSandbox Sandbox => _host.Sandbox;

    public HarvestOptions Options { get; }

    public SendCounter Sends { get; } = new();

    public RateGate Gate { get; }

    public HarvestClient Client { get; }

    public static async Task<FaultRig> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var sandboxOptions = new SandboxOptions
        {
            TimeEntries = 600, Users = 5, Clients = 2, Projects = 6, Expenses = 40,
            RateLimitRequests = Limit, RateLimitWindowSeconds = WindowSeconds,
        };
        configure?.Invoke(sandboxOptions);
        var host = await KestrelSandbox.StartAsync(new HarvestSandbox(sandboxOptions));
        return new FaultRig(host, new HarvestOptions
        {
            BaseUrl = host.BaseUrl.ToString(),
            AccountId = host.Sandbox.AccountId,
            Token = host.Sandbox.Administrator.Token,
            UserAgent = TestHarvest.UserAgent,
            RateLimit = new RateLimitOptions { Requests = Limit, WindowSeconds = WindowSeconds, MarginSeconds = 0.1 },
            Retry = new RetryOptions { BaseDelaySeconds = 0.02, MaxDelaySeconds = 0.2, MaxAttempts = 12, MaxThrottles = 50 },
            RequestTimeoutSeconds = 1,
        });
    }

    public async ValueTask DisposeAsync()
    {
        Gate.Dispose();
        _handler.Dispose();
        await _host.DisposeAsync();
    }
}
