namespace HarvestOData.Mirror.Sync;

public enum PassOutcome
{
    Completed,
    /// <summary>Another runner holds the resource's lease; nothing was done.</summary>
    Skipped,
    Failed,
}

/// <summary>What one pass of one resource did.</summary>
public sealed record PassResult(string Resource, string Kind, PassOutcome Outcome, int Calls, long Changed, long Deleted, long Rows, string? Error = null)
{
    public bool Succeeded => Outcome == PassOutcome.Completed;
}
