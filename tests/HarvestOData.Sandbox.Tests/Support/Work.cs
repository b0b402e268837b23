using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Sandbox.Tests.Support;

/// <summary>Ids from the sandbox's data that a valid write needs.</summary>
public static class Work
{
    /// <summary>An active project the user is actively assigned to, with one of its active tasks.</summary>
    public static (long Project, long Task) For(HarvestSandbox sandbox, long userId, Func<long, bool>? projectFilter = null)
    {
        var projects = sandbox.Data.Rows("projects").Where(p => (bool)p["is_active"]!).Select(p => p.Id).ToHashSet();
        var assignment = sandbox.Data.Rows("user_assignments")
            .Where(a => (long)a["user_id"]! == userId && (bool)a["is_active"]! && projects.Contains((long)a["project_id"]!))
            .Select(a => (long)a["project_id"]!)
            .Where(p => projectFilter?.Invoke(p) ?? true)
            .Select(p => (Project: p, Task: TaskOf(sandbox, p)))
            .First(w => w.Task is not null);
        return (assignment.Project, assignment.Task!.Value);
    }

    public static long? TaskOf(HarvestSandbox sandbox, long projectId) =>
        sandbox.Data.Rows("task_assignments").Where(t => (long)t["project_id"]! == projectId && (bool)t["is_active"]!)
            .Select(t => (long?)t["task_id"]).FirstOrDefault();

    public static HashSet<long> ManagedProjects(HarvestSandbox sandbox, long userId) =>
        sandbox.Data.Rows("user_assignments")
            .Where(a => (long)a["user_id"]! == userId && (bool)a["is_active"]! && (bool)a["is_project_manager"]!)
            .Select(a => (long)a["project_id"]!).ToHashSet();

    public static long Any(HarvestSandbox sandbox, string resource, Func<HarvestRecord, bool>? filter = null) =>
        sandbox.Data.Rows(resource).First(r => filter?.Invoke(r) ?? true).Id;
}
