using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;

namespace HarvestOData.Server.Writes.Tests.Support;

/// <summary>Rows of the sandbox a test can write against (valid references, unlocked entries, open invoices), picked from its data.</summary>
public static class SandboxPicks
{
    public static bool Flag(this HarvestRecord row, string column) => row[column] is true;

    public static long Ref(this HarvestRecord row, string column) => (long)row[column]!;

    /// <summary>A (project, task) pair the user may book time on: active assignments on an active project.</summary>
    public static (long Project, long Task) WorkFor(this SandboxData data, long userId, Func<long, bool>? projectFilter = null)
    {
        var projects = data.Rows("projects").Where(p => p.Flag("is_active")).Select(p => p.Id).ToHashSet();
        var tasks = data.Rows("task_assignments").Where(t => t.Flag("is_active")).ToList();
        foreach (var assignment in data.Rows("user_assignments").Where(a => a.Ref("user_id") == userId && a.Flag("is_active")))
        {
            long project = assignment.Ref("project_id");
            if (!projects.Contains(project) || !(projectFilter?.Invoke(project) ?? true))
                continue;
            if (tasks.FirstOrDefault(t => t.Ref("project_id") == project) is { } task)
                return (project, task.Ref("task_id"));
        }
        throw new InvalidOperationException($"The sandbox has no bookable project for user {userId}.");
    }

    /// <summary>Projects the user manages (active project-manager assignments).</summary>
    public static HashSet<long> ManagedBy(this SandboxData data, long userId) =>
        data.Rows("user_assignments").Where(a => a.Ref("user_id") == userId && a.Flag("is_active") && a.Flag("is_project_manager"))
            .Select(a => a.Ref("project_id")).ToHashSet();

    /// <summary>An unlocked, stopped time entry matching the predicate.</summary>
    public static HarvestRecord OpenEntry(this SandboxData data, Func<HarvestRecord, bool> predicate) =>
        data.Rows("time_entries").Last(e => !e.Flag("is_locked") && !e.Flag("is_running") && predicate(e));

    public static HarvestRecord Invoice(this SandboxData data, Func<HarvestRecord, bool> predicate) =>
        data.Rows("invoices").Last(predicate);
}
