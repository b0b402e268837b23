using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;

namespace HarvestOData.Harvest.Tests.Support;

/// <summary>A client wired to a <see cref="RecordingHandler"/> and a gate on a <see cref="FakeTimeProvider"/>.</summary>
public sealed class TestHarvest : IDisposable
{
    public const string Token = "pat-5ecret-7oken";
    public const string AccountId = "123456";
    public const string UserAgent = "HarvestOData-Tests (ops@example.com)";

    public TestHarvest(Action<HarvestOptions>? configure = null)
    {
        Options = new HarvestOptions
        {
            BaseUrl = "https://api.harvestapp.com/v2/",
            AccountId = AccountId,
            Token = Token,
            UserAgent = UserAgent,
            RateLimit = new RateLimitOptions { Requests = 100, WindowSeconds = 15, MarginSeconds = 0.25 },
        };
        configure?.Invoke(Options);
        Handler = new RecordingHandler(Clock);
        Gate = new RateGate(Options.RateLimit, Clock);
        Client = NewClient();
    }

    public FakeTimeProvider Clock { get; } = new();

    public HarvestOptions Options { get; }

    public RecordingHandler Handler { get; }

    public RateGate Gate { get; }

    public HarvestClient Client { get; }

    /// <summary>Another client of the same account (same gate), e.g. an OData caller with their own token.</summary>
    public HarvestClient NewClient(string token = Token) =>
        new(new HttpClient(Handler, disposeHandler: false), new HarvestCredential(AccountId, token), Gate, Options, Clock)
        {
            JitterSource = () => 0.5, // no jitter unless a test sets one
        };

    public Task RunAsync(Task work) => ClockDriver.RunAsync(Clock, Gate, work);

    public void Dispose()
    {
        Gate.Dispose();
        Handler.Dispose();
    }
}
