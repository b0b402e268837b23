namespace HarvestOData.Harvest.Client;

/// <summary>
/// Where every Harvest client of the process reports a token Harvest answered 401 for, on any call (a list, a write, a
/// token check), so whoever trusts that token (the server's caller cache) stops trusting it at once. One per process,
/// shared by the <see cref="HarvestClientFactory"/>.
/// </summary>
public sealed class TokenRefusals
{
    /// <summary>Raised on the thread that got the 401; handlers must return at once and not throw.</summary>
    public event Action<HarvestCredential>? Refused;

    /// <summary>Tells everyone who trusts <paramref name="credential"/> that Harvest refused it (401).</summary>
    public void Report(HarvestCredential credential) => Refused?.Invoke(credential);
}
