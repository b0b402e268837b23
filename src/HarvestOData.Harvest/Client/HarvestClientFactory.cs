using HarvestOData.Harvest.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HarvestOData.Harvest.Client;

/// <summary>
/// Creates <see cref="HarvestClient"/>s over one shared message handler (connection pooling), with the gate of the
/// credential's account from the <see cref="RateGateRegistry"/>.
/// </summary>
public sealed class HarvestClientFactory(
    IOptions<HarvestOptions> options,
    RateGateRegistry gates,
    HarvestHttpHandler handler,
    TimeProvider timeProvider,
    ILoggerFactory? loggerFactory = null,
    TokenRefusals? refusals = null) : IHarvestClientFactory
{
    public IHarvestClient Create(HarvestCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var http = new HttpClient(handler.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        return new HarvestClient(http, credential, gates.For(credential.AccountId), options.Value, timeProvider,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<HarvestClient>(), refusals);
    }
}
