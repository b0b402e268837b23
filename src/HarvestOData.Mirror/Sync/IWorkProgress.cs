namespace HarvestOData.Mirror.Sync;

/// <summary>Where a pass reports how far it got: the console display of <c>sync --once</c>, the status page, or nothing.</summary>
public interface IWorkProgress
{
    void Report(SyncProgress progress);
}

/// <summary>A pass's progress: pages (or parents) done of those known, rows changed, calls made.</summary>
public sealed record SyncProgress(string Resource, string Phase, int PagesDone, int? PagesKnown, long Changed, int Calls)
{
    /// <summary>0–100 when the total is known.</summary>
    public int? Percent => PagesKnown is > 0 and var known ? Math.Min(100, PagesDone * 100 / known) : null;
}

public sealed class NoProgress : IWorkProgress
{
    public static NoProgress Instance { get; } = new();

    public void Report(SyncProgress progress)
    {
    }
}
