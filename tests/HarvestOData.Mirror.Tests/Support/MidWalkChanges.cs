using HarvestOData.Sandbox;

namespace HarvestOData.Mirror.Tests.Support;

/// <summary>
/// Harvest changing under a time entries walk: on chosen calls of the walk (counted among the time entries list calls),
/// random rows are deleted, created on random days of the two years (before and after the walk's position) and updated.
/// </summary>
public sealed class MidWalkChanges(HarvestSandbox sandbox, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private int _calls;

    public List<long> Deleted { get; } = [];

    public List<long> Created { get; } = [];

    /// <summary>Installs the hook: on time entries list calls number <paramref name="from"/>..<paramref name="to"/>, delete/create/update some rows.</summary>
    public void During(int from, int to, int deletes, int creates, int updates)
    {
        sandbox.BeforeRequest = (request, _) =>
        {
            if (request.Method == "GET" && request.Path == "time_entries")
            {
                lock (_gate)
                {
                    int call = ++_calls;
                    if (call >= from && call <= to)
                        Change(deletes, creates, updates);
                }
            }
            return Task.CompletedTask;
        };
    }

    public int Calls
    {
        get { lock (_gate) return _calls; }
    }

    public void Change(int deletes, int creates, int updates)
    {
        Deleted.AddRange(sandbox.Data.DeleteRandom("time_entries", deletes));
        sandbox.Data.UpdateRandom("time_entries", updates);
        var rows = sandbox.Data.Rows("time_entries");
        for (int i = 0; i < creates; i++)
        {
            // A copy of an existing entry's project, user and task (an assignment Harvest accepts) on any day of the two years.
            var model = rows[_random.Next(rows.Count)];
            var day = (DateOnly)model["spent_date"]!;
            var values = new Dictionary<string, object?>
            {
                ["project_id"] = model["project_id"], ["user_id"] = model["user_id"], ["task_id"] = model["task_id"],
                ["spent_date"] = day, ["hours"] = 1.25m, ["notes"] = "Created mid-walk",
            };
            try
            {
                Created.Add(sandbox.Data.Create("time_entries", values).Id);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An assignment closed since: Harvest refuses the entry, as it would; another one is created next time.
            }
        }
    }
}
