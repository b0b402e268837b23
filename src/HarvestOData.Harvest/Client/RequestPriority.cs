namespace HarvestOData.Harvest.Client;

/// <summary>Who waits for a call. Interactive calls (writes, token checks) pass the rate gate before queued background ones.</summary>
public enum RequestPriority
{
    Background,
    Interactive,
}
