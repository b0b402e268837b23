namespace HarvestOData.Harvest.Client;

/// <summary>
/// The primary message handler every Harvest client shares: a pooled <see cref="SocketsHttpHandler"/> by default,
/// or the one the host supplies (the sandbox's in-process handler in sandbox mode and tests).
/// </summary>
public sealed class HarvestHttpHandler(HttpMessageHandler handler, bool ownsHandler) : IDisposable
{
    public HttpMessageHandler Handler { get; } = handler;

    public static HarvestHttpHandler CreateDefault() => new(new SocketsHttpHandler
    {
        // Pick up DNS changes of api.harvestapp.com without restarting.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        // A redirect followed here would be a second call the rate gate never saw.
        AllowAutoRedirect = false,
    }, ownsHandler: true);

    public void Dispose()
    {
        if (ownsHandler)
            Handler.Dispose();
    }
}
