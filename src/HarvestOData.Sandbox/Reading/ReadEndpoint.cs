using System.Buffers;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Reading;

/// <summary>GET endpoints: lists with Harvest's envelope, single rows, <c>users/me</c> and <c>company</c>.</summary>
internal sealed class ReadEndpoint(SandboxStore store, RecordRenderer renderer)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly MatchCache _cache = new();

    public SandboxAnswer List(SandboxCall call, CallerScope scope, ApiRoute route, IReadOnlyDictionary<string, long> pathValues)
    {
        var table = store[route.Resource.Name];
        var parameters = ListParameters.Parse(call.Query);
        int[]? candidates = null;
        if (table.Resource.Kind == ResourceKind.PerParent)
        {
            var parent = store[table.Resource.Parent!];
            int parentRow = parent.Find(pathValues[table.Resource.ParentColumn!]);
            if (!RowVisibility.CanSee(store, parent, parentRow, scope))
                throw SandboxProblem.NotFound(parent.Resource.EntityType);
            candidates = RowOrder.Sort(table, table.ChildrenOf(parent.Ids[parentRow]));
        }
        foreach (var (column, id) in pathValues)
        {
            // A create path read as a list (projects/{project_id}/task_assignments): the parent must exist and be visible.
            if (column != table.Resource.ParentColumn && table.Resource.FindField(column)?.References is { } target
                && !RowVisibility.CanSee(store, store[target], store[target].Find(id), scope))
                throw SandboxProblem.NotFound(store[target].Resource.EntityType);
        }
        var visible = RowVisibility.For(store, table, scope, listing: true, out bool forbidden);
        if (forbidden)
            throw SandboxProblem.Forbidden();
        var tests = RowFilter.Build(store, table, parameters.Filters, pathValues);
        if (visible is not null)
            tests.Insert(0, visible);
        string key = string.Join('|', table.Name, StoreVersion(), scope.Caller.UserId, scope.Caller.Role,
            string.Join('&', parameters.Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")),
            string.Join('&', pathValues.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}")));
        var matched = _cache.GetOrAdd(key, () => Match(candidates ?? RowOrder.All(table), tests));
        var page = Pager.Cut(table, matched, parameters, new Uri(call.BaseUri, call.Path).GetLeftPart(UriPartial.Path));
        var fields = FieldVisibility.For(store, table, scope);
        return Ok(writer => WriteEnvelope(writer, table, page, fields));
    }

    public SandboxAnswer Get(CallerScope scope, ApiRoute route, IReadOnlyDictionary<string, long> pathValues)
    {
        var table = store[route.Resource.Name];
        if (table.Resource.Kind == ResourceKind.Singleton)
            return Ok(writer => renderer.Write(writer, table, 0));
        int row = table.Find(pathValues["id"]);
        foreach (var (column, id) in pathValues)
        {
            if (column != "id" && row >= 0 && table.Column<LongColumn>(column).Nullable(row) != id)
                row = -1;
        }
        if (!RowVisibility.CanSee(store, table, row, scope))
            throw SandboxProblem.NotFound(table.Resource.EntityType);
        var fields = FieldVisibility.For(store, table, scope);
        return Ok(writer => renderer.Write(writer, table, row, fields?.Invoke(row)));
    }

    public SandboxAnswer Me(CallerScope scope)
    {
        var users = store["users"];
        int row = users.Find(scope.Caller.UserId);
        if (row < 0)
            throw SandboxProblem.NotFound("User");
        var fields = FieldVisibility.For(store, users, scope);
        return Ok(writer => renderer.Write(writer, users, row, fields?.Invoke(row)));
    }

    public SandboxAnswer Render(Table table, int row, int status = 200) => Ok(writer => renderer.Write(writer, table, row), status);

    private static int[] Match(IReadOnlyList<int> rows, List<Func<int, bool>> tests)
    {
        if (tests.Count == 0)
            return rows as int[] ?? rows.ToArray();
        var matched = new List<int>();
        foreach (int row in rows)
        {
            bool keep = true;
            foreach (var test in tests)
            {
                if (!test(row))
                {
                    keep = false;
                    break;
                }
            }
            if (keep)
                matched.Add(row);
        }
        return matched.ToArray();
    }

    private long StoreVersion() => store.Tables.Sum(t => t.Version);

    private void WriteEnvelope(Utf8JsonWriter writer, Table table, ListPage page, Func<int, IReadOnlySet<string>>? fields)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(table.Resource.JsonKey!);
        writer.WriteStartArray();
        foreach (int row in page.Rows)
            renderer.Write(writer, table, row, fields?.Invoke(row));
        writer.WriteEndArray();
        writer.WriteNumber("per_page", page.PerPage);
        writer.WriteNumber("total_pages", page.TotalPages);
        writer.WriteNumber("total_entries", page.TotalEntries);
        WriteNumberOrNull(writer, "next_page", page.NextPage);
        WriteNumberOrNull(writer, "previous_page", page.PreviousPage);
        WriteNumberOrNull(writer, "page", page.Page);
        writer.WriteStartObject("links");
        writer.WriteString("first", page.First);
        writer.WriteString("next", page.Next);
        writer.WriteString("previous", page.Previous);
        writer.WriteString("last", page.Last);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
            writer.WriteNumber(name, number);
        else
            writer.WriteNull(name);
    }

    private static SandboxAnswer Ok(Action<Utf8JsonWriter> write, int status = 200)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            write(writer);
        return new SandboxAnswer(status, buffer.WrittenSpan.ToArray());
    }
}
