using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;
using HarvestOData.Sandbox.Writing;

namespace HarvestOData.Sandbox;

/// <summary>
/// The sandbox's data for tests: consistent snapshots typed as the catalog says, and mutations that go through the
/// same write path as the API (acting as the administrator, without permission checks), each under the store's
/// write lock and stamped with the clock. A refused mutation throws <see cref="InvalidOperationException"/> with
/// Harvest's 422 message, or <see cref="KeyNotFoundException"/> for an unknown id.
/// </summary>
public sealed class SandboxData
{
    private readonly SandboxStore _store;
    private readonly RulesRegistry _rules;
    private readonly WriteCore _core;
    private readonly CallerScope _system;
    private readonly Random _random;

    internal SandboxData(SandboxStore store, RulesRegistry rules, Caller system, int seed)
    {
        _store = store;
        _rules = rules;
        _core = new WriteCore(store, rules);
        _system = new CallerScope(store, system);
        _random = new Random(unchecked((seed * 31) + 7));
    }

    /// <summary>The company row (its id is the account id).</summary>
    public HarvestRecord Company => _store.Read(() => _store.Record(_store.Company, 0));

    /// <summary>Every live row of a resource in id order, embedded children in <see cref="HarvestRecord.Children"/>, links in <see cref="HarvestRecord.Links"/>.</summary>
    public IReadOnlyList<HarvestRecord> Rows(string resource)
    {
        var table = Table(resource);
        return _store.Read(() => table.LiveRows().Select(row => _store.Record(table, row)).ToList());
    }

    public int Count(string resource)
    {
        var table = Table(resource);
        return _store.Read(() => table.LiveCount);
    }

    public HarvestRecord? Find(string resource, long id)
    {
        var table = Table(resource);
        return _store.Read(() => table.Find(id) is var row and >= 0 ? _store.Record(table, row) : null);
    }

    /// <summary>Creates a row from column values (plus <c>user_ids</c>-style link arrays); Harvest's defaults and derivations apply.</summary>
    public HarvestRecord Create(string resource, IReadOnlyDictionary<string, object?> values)
    {
        var table = Table(resource);
        return Mutate(() => _store.Record(table, _core.Create(table, Input(table.Resource, values), new Dictionary<string, long>(), _system)));
    }

    public HarvestRecord Update(string resource, long id, IReadOnlyDictionary<string, object?> values)
    {
        var table = Table(resource);
        return Mutate(() => _store.Record(table, _core.Update(table, id, Input(table.Resource, values), new Dictionary<string, long>(), _system)));
    }

    /// <summary>Deletes a row as Harvest does, with its cascades (see <see cref="DeleteProject"/>).</summary>
    public void Delete(string resource, long id)
    {
        var table = Table(resource);
        Mutate(() =>
        {
            int row = WriteCore.Locate(table, id, new Dictionary<string, long>());
            new DeletePlan(_store, _rules).Run(table, row, _system.Caller);
            return 0;
        });
    }

    /// <summary>Deletes a project with its time entries, expenses and assignments (Harvest's cascade).</summary>
    public void DeleteProject(long id) => Delete("projects", id);

    /// <summary>Changes <paramref name="count"/> random rows (their notes where they have some) and bumps their updated_at; returns their ids.</summary>
    public IReadOnlyList<long> UpdateRandom(string resource, int count)
    {
        var table = Table(resource);
        return Mutate(() =>
        {
            var changed = new List<long>();
            foreach (int row in Pick(table, count))
            {
                var values = new Dictionary<string, object?>();
                if (table.FindColumn("notes") is StringColumn)
                    values["notes"] = $"Updated by the sandbox ({_random.Next(1_000_000)})";
                _core.Update(table, table.Ids[row], Input(table.Resource, values), new Dictionary<string, long>(), _system);
                changed.Add(table.Ids[row]);
            }
            return changed;
        });
    }

    /// <summary>Creates <paramref name="count"/> time entries of assigned users in the last two weeks; returns their ids.</summary>
    public IReadOnlyList<long> CreateTimeEntries(int count)
    {
        var table = Table("time_entries");
        return Mutate(() =>
        {
            var work = Assignable();
            var created = new List<long>();
            for (int i = 0; i < count && work.Count > 0; i++)
            {
                var (project, user, task) = work[_random.Next(work.Count)];
                var values = new Dictionary<string, object?>
                {
                    ["project_id"] = project, ["user_id"] = user, ["task_id"] = task,
                    ["spent_date"] = _store.Today.AddDays(-_random.Next(0, 14)), ["notes"] = "Created by the sandbox",
                };
                int minutes = _random.Next(3, 48) * 5;
                if (_store.WantsTimestampTimers)
                {
                    values["started_time"] = "9:00am";
                    values["ended_time"] = Writing.Rules.ClockText.Format(new DateTimeOffset(2000, 1, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(minutes), twelveHour: true);
                }
                else
                {
                    values["hours"] = Math.Round(minutes / 60m, 2);
                }
                created.Add(table.Ids[_core.Create(table, Input(table.Resource, values), new Dictionary<string, long>(), _system)]);
            }
            return created;
        });
    }

    /// <summary>Deletes up to <paramref name="count"/> random rows Harvest would let go (with their cascades); returns their ids.</summary>
    public IReadOnlyList<long> DeleteRandom(string resource, int count)
    {
        var table = Table(resource);
        return Mutate(() =>
        {
            var deleted = new List<long>();
            foreach (int row in Pick(table, table.LiveCount))
            {
                if (deleted.Count == count)
                    break;
                if (!table.IsLive(row))
                    continue;
                long id = table.Ids[row];
                try
                {
                    new DeletePlan(_store, _rules).Run(table, row, _system.Caller);
                    deleted.Add(id);
                }
                catch (SandboxProblem)
                {
                    // Harvest refuses this one (it still has dependents); try another.
                }
            }
            return deleted;
        });
    }

    private T Mutate<T>(Func<T> mutation) => _store.Write(() =>
    {
        try
        {
            return mutation();
        }
        catch (SandboxProblem problem) when (problem.Status == 404)
        {
            throw new KeyNotFoundException(problem.Message);
        }
        catch (SandboxProblem problem)
        {
            throw new InvalidOperationException(problem.Message);
        }
    });

    private Table Table(string resource) =>
        _store.Find(resource) ?? throw new KeyNotFoundException($"The sandbox has no resource '{resource}'.");

    private List<int> Pick(Table table, int count)
    {
        var rows = table.LiveRows().ToList();
        for (int i = rows.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        return rows.Take(Math.Max(0, count)).ToList();
    }

    /// <summary>(project, user, task) triples a new time entry may use: active assignments on active projects.</summary>
    private List<(long Project, long User, long Task)> Assignable()
    {
        var users = _store["user_assignments"];
        var tasks = _store["task_assignments"];
        var projects = _store["projects"];
        var people = _store["users"];
        var tasksByProject = tasks.LiveRows().Where(r => tasks.Column<BoolColumn>("is_active")[r])
            .GroupBy(r => tasks.Column<LongColumn>("project_id")[r]).ToDictionary(g => g.Key, g => g.Select(r => tasks.Column<LongColumn>("task_id")[r]).ToList());
        var work = new List<(long, long, long)>();
        foreach (int row in users.LiveRows())
        {
            long project = users.Column<LongColumn>("project_id")[row];
            long user = users.Column<LongColumn>("user_id")[row];
            if (!users.Column<BoolColumn>("is_active")[row] || !projects.Column<BoolColumn>("is_active")[projects.Find(project)]
                || !people.Column<BoolColumn>("is_active")[people.Find(user)] || !tasksByProject.TryGetValue(project, out var projectTasks))
                continue;
            work.AddRange(projectTasks.Select(task => (project, user, task)));
        }
        return work;
    }

    private static WriteInput Input(ResourceDefinition resource, IReadOnlyDictionary<string, object?> values)
    {
        var input = new WriteInput();
        foreach (var (key, value) in values)
        {
            if (resource.Links.FirstOrDefault(l => l.JsonKey == key || l.Table == key) is { } link)
                input.Links[link.JsonKey] = ((IEnumerable<long>?)value ?? []).ToList();
            else if (resource.FindField(key) is { } field)
                input.Values[field.Column] = ValueCoercion.FromClr(field, value);
            else
                throw new ArgumentException($"{resource.Name} has no field '{key}'.", nameof(values));
        }
        return input;
    }
}
