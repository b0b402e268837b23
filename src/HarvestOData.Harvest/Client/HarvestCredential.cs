namespace HarvestOData.Harvest.Client;

/// <summary>A Harvest account and a personal access token that acts in it. <see cref="ToString"/> never shows the token.</summary>
public sealed record HarvestCredential(string AccountId, string Token)
{
    public override string ToString() => $"account {AccountId}, token ***";
}
