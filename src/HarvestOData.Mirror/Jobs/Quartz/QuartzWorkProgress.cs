using HarvestOData.Mirror.Sync;
using Quartz;

namespace HarvestOData.Mirror.Jobs.Quartz;

/// <summary>Forwards a pass's progress to the Quartz firing that runs it (queryable through <c>QueryFireInstances</c>).</summary>
public sealed class QuartzWorkProgress(IJobExecutionContextAccessor accessor) : IWorkProgress
{
    public void Report(SyncProgress progress) =>
        accessor.Current?.ReportProgress(progress.Percent ?? 0,
            $"{progress.Resource}: {progress.Phase}, {progress.PagesDone}/{progress.PagesKnown?.ToString() ?? "?"} pages, {progress.Changed} rows changed");
}
