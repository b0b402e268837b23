namespace HarvestOData.Harvest.Client;

/// <summary>
/// Clients for any credential (the OData server's callers bring their own tokens). Every client of one account
/// shares that account's rate gate.
/// </summary>
public interface IHarvestClientFactory
{
    IHarvestClient Create(HarvestCredential credential);
}
