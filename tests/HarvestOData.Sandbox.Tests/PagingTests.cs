using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>Harvest's two paging modes, their envelopes and links, and the list orders.</summary>
public sealed class PagingTests
{
    private readonly HarvestSandbox _sandbox = Sandboxes.Create().Sandbox;

    [Fact]
    public async Task Page_number_walk_returns_every_time_entry_exactly_once()
    {
        var rows = await Admin().Walk("time_entries?per_page=700", "time_entries");
        var ids = rows.Select(r => r.Id()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(_sandbox.Data.Rows("time_entries").Select(r => r.Id).Order(), ids.Order());
    }

    [Fact]
    public async Task Cursor_walk_returns_every_row_exactly_once()
    {
        var rows = await Admin().Walk("user_assignments?per_page=37", "user_assignments");
        var ids = rows.Select(r => r.Id()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(_sandbox.Data.Rows("user_assignments").Select(r => r.Id).Order(), ids.Order());
    }

    [Fact]
    public async Task Cursor_walk_never_repeats_a_row_while_rows_are_created_and_deleted_mid_walk()
    {
        var before = _sandbox.Data.Rows("contacts").Select(r => r.Id).ToHashSet();
        long client = Work.Any(_sandbox, "clients");
        var deleted = new HashSet<long>();
        var created = new HashSet<long>();
        // The hook runs inside each page request, before the sandbox reads: the data changes between pages.
        _sandbox.BeforeRequest = (request, _) =>
        {
            if (request.CallNumber > 1)
            {
                created.Add(_sandbox.Data.Create("contacts", new Dictionary<string, object?> { ["client_id"] = client, ["first_name"] = "Mid-walk" }).Id);
                deleted.UnionWith(_sandbox.Data.DeleteRandom("contacts", 1));
            }
            return Task.CompletedTask;
        };
        var rows = await Admin().Walk("contacts?per_page=4", "contacts");
        var ids = rows.Select(r => r.Id()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Every row that lived through the walk was served; nothing was served that never existed.
        Assert.Subset(ids.ToHashSet(), before.Except(deleted).ToHashSet());
        Assert.Subset(before.Union(created).ToHashSet(), ids.ToHashSet());
        Assert.True(deleted.Count > 3 && created.Count > 3);
    }

    [Fact]
    public async Task Page_number_walk_shifts_when_an_earlier_row_is_deleted_mid_walk_as_in_Harvest()
    {
        var first = await Admin().GetOk("time_entries?per_page=1000");
        long onFirstPage = first["time_entries"]![0]!.Id();
        _sandbox.Data.Delete("time_entries", onFirstPage);
        var second = await Admin().GetOk(first["links"]!["next"]!.GetValue<string>());
        var seen = first["time_entries"]!.AsArray().Concat(second["time_entries"]!.AsArray()).Select(r => r!.Id()).ToHashSet();
        var third = await Admin().GetOk(second["links"]!["next"]!.GetValue<string>());
        seen.UnionWith(third["time_entries"]!.AsArray().Select(r => r!.Id()));
        // Offsets moved by one: the row that slid from page 2 onto page 1 was never served.
        var live = _sandbox.Data.Rows("time_entries").Select(r => r.Id).ToHashSet();
        Assert.Single(live.Except(seen));
        Assert.Contains(onFirstPage, seen);
    }

    [Fact]
    public async Task Cursor_envelope_numbers_pages_only_on_the_first_and_last_page()
    {
        using var client = Admin();
        var first = await client.GetOk("tasks?per_page=3&is_active=true");
        int total = first["total_entries"]!.GetValue<int>();
        Assert.Equal(1, first["page"]!.GetValue<int>());
        Assert.Equal(2, first["next_page"]!.GetValue<int>());
        Assert.Null(first["previous_page"]);
        Assert.Equal((total + 2) / 3, first["total_pages"]!.GetValue<int>());
        Assert.EndsWith("tasks?is_active=true&page=1&per_page=3&ref=first", first["links"]!["first"]!.GetValue<string>());
        string next = first["links"]!["next"]!.GetValue<string>();
        long lastId = first["tasks"]![2]!.Id();
        string cursor = Encoding.UTF8.GetString(Convert.FromBase64String(Uri.UnescapeDataString(next.Split("cursor=")[1].Split('&')[0])));
        Assert.Equal($"{{\"after\":{{\"id\":{lastId}}}}}", cursor);
        Assert.Contains("is_active=true", next);
        Assert.Contains("per_page=3", next);
        Assert.EndsWith("ref=next_cursor", next);
        var middle = await client.GetOk(next);
        Assert.Null(middle["page"]);
        Assert.Null(middle["next_page"]);
        Assert.Null(middle["previous_page"]);
        Assert.NotNull(middle["links"]!["previous"]);
        JsonNode last = middle;
        while (last["links"]!["next"] is { } link)
            last = await client.GetOk(link.GetValue<string>());
        Assert.Equal(last["total_pages"]!.GetValue<int>(), last["page"]!.GetValue<int>());
        Assert.Null(last["next_page"]);
    }

    [Fact]
    public async Task Page_number_envelope_links_every_neighbour()
    {
        var page = await Admin().GetOk("expenses?per_page=50&page=2");
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.Equal(3, page["next_page"]!.GetValue<int>());
        Assert.Equal(1, page["previous_page"]!.GetValue<int>());
        Assert.Equal(3, page["total_pages"]!.GetValue<int>());
        Assert.EndsWith("expenses?page=3&per_page=50", page["links"]!["next"]!.GetValue<string>());
        Assert.EndsWith("expenses?page=1&per_page=50", page["links"]!["previous"]!.GetValue<string>());
        Assert.StartsWith(_sandbox.BaseAddress.ToString(), page["links"]!["last"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("clients?per_page=2001")]
    [InlineData("time_entries?per_page=0")]
    [InlineData("time_entries?page=zero")]
    [InlineData("clients?cursor=not-a-cursor")]
    public async Task Bad_paging_parameters_are_refused_with_422(string path)
    {
        var (status, body) = await Admin().Send(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.NotNull(body!["message"]);
    }

    [Fact]
    public async Task Lists_keep_Harvests_orders()
    {
        using var client = Admin();
        var entries = (await client.GetOk("time_entries?per_page=2000"))["time_entries"]!.AsArray()
            .Select(e => (Day: e!["spent_date"]!.GetValue<string>(), Id: e.Id())).ToList();
        Assert.Equal(entries.OrderByDescending(e => e.Day, StringComparer.Ordinal).ThenByDescending(e => e.Id), entries);
        var clients = (await client.GetOk("clients"))["clients"]!.AsArray().Select(c => c!.Id()).ToList();
        Assert.Equal(clients.OrderDescending(), clients);
        long user = _sandbox.Data.Rows("billable_rates").GroupBy(r => (long)r["user_id"]!).First(g => g.Count() > 1).Key;
        var starts = (await client.GetOk($"users/{user}/billable_rates"))["billable_rates"]!.AsArray().Select(r => r!["start_date"]!.GetValue<string>()).ToList();
        Assert.Equal(starts.Order(StringComparer.Ordinal), starts);
    }

    [Fact]
    public async Task An_explicit_page_on_a_cursor_resource_pages_by_number()
    {
        var page = await Admin().GetOk("user_assignments?page=2&per_page=10");
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.Contains("page=3", page["links"]!["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task Before_request_hook_sees_every_call_in_order()
    {
        var seen = new List<SandboxRequest>();
        _sandbox.BeforeRequest = (request, _) =>
        {
            seen.Add(request);
            return Task.CompletedTask;
        };
        await Admin().Walk("tasks?per_page=4", "tasks");
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(n => (long)n), seen.Select(s => s.CallNumber));
        Assert.All(seen, s => Assert.Equal(("GET", "tasks"), (s.Method, s.Path)));
        Assert.Contains("cursor=", seen[^1].Query);
    }

    private HttpClient Admin() => _sandbox.ClientFor(_sandbox.Administrator);
}
