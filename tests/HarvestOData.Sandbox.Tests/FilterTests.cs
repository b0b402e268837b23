using System.Net;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>The documented list filters (docs/harvest.md#filters).</summary>
public sealed class FilterTests
{
    private readonly HarvestSandbox _sandbox;
    private readonly FakeTimeProvider _clock;

    public FilterTests() => (_sandbox, _clock) = Sandboxes.Create();

    [Fact]
    public async Task Updated_since_is_strictly_after_at_second_precision()
    {
        _clock.Advance(TimeSpan.FromHours(1));
        long changed = _sandbox.Data.UpdateRandom("clients", 1).Single();
        var at = _clock.GetUtcNow();
        string T(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        using var client = _sandbox.ClientFor(_sandbox.Administrator);
        var atT = await client.GetOk($"clients?updated_since={T(at)}");
        Assert.Empty(atT["clients"]!.AsArray());
        var justBefore = await client.GetOk($"clients?updated_since={T(at.AddSeconds(-1))}");
        Assert.Equal([changed], justBefore["clients"]!.AsArray().Select(c => c!.Id()));
        Assert.Equal(at, (DateTimeOffset)_sandbox.Data.Find("clients", changed)!["updated_at"]!);
    }

    [Fact]
    public async Task From_and_to_are_inclusive_spent_dates()
    {
        var days = _sandbox.Data.Rows("time_entries").Select(r => (DateOnly)r["spent_date"]!).Distinct().Order().ToList();
        var (from, to) = (days[10], days[20]);
        var rows = await _sandbox.ClientFor(_sandbox.Administrator).Walk($"time_entries?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", "time_entries");
        int expected = _sandbox.Data.Rows("time_entries").Count(r => (DateOnly)r["spent_date"]! >= from && (DateOnly)r["spent_date"]! <= to);
        Assert.Equal(expected, rows.Count);
        Assert.Contains(rows, r => r["spent_date"]!.GetValue<string>() == $"{from:yyyy-MM-dd}");
        Assert.Contains(rows, r => r["spent_date"]!.GetValue<string>() == $"{to:yyyy-MM-dd}");
    }

    [Theory]
    [InlineData("time_entries", "user_id")]
    [InlineData("time_entries", "project_id")]
    [InlineData("time_entries", "client_id")]
    [InlineData("time_entries", "task_id")]
    [InlineData("expenses", "project_id")]
    [InlineData("projects", "client_id")]
    [InlineData("user_assignments", "user_id")]
    public async Task Id_filters_return_exactly_the_matching_rows(string resource, string column)
    {
        long value = (long)_sandbox.Data.Rows(resource)[5][column]!;
        var rows = await _sandbox.ClientFor(_sandbox.Administrator).Walk($"{resource}?{column}={value}", resource);
        Assert.Equal(_sandbox.Data.Rows(resource).Count(r => (long?)r[column] == value), rows.Count);
        Assert.NotEmpty(rows);
    }

    [Theory]
    [InlineData("time_entries", "is_billed", "true")]
    [InlineData("time_entries", "is_running", "true")]
    [InlineData("projects", "is_active", "false")]
    [InlineData("invoices", "state", "paid")]
    [InlineData("estimates", "state", "accepted")]
    public async Task Flag_and_state_filters_return_exactly_the_matching_rows(string resource, string column, string value)
    {
        var rows = await _sandbox.ClientFor(_sandbox.Administrator).Walk($"{resource}?{column}={value}", resource);
        int expected = _sandbox.Data.Rows(resource).Count(r => string.Equals(r[column]?.ToString(), value, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(expected, rows.Count);
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task Invoices_filter_by_the_projects_of_their_line_items()
    {
        var item = _sandbox.Data.Rows("invoice_line_items").First(i => i["project_id"] is long);
        long project = (long)item["project_id"]!;
        var rows = await _sandbox.ClientFor(_sandbox.Administrator).Walk($"invoices?project_id={project}", "invoices");
        Assert.Contains(rows, r => r.Id() == (long)item["invoice_id"]!);
        Assert.All(rows, r => Assert.Contains(r["line_items"]!.AsArray(), l => l!["project"]?["id"]?.GetValue<long>() == project));
    }

    [Fact]
    public async Task Unknown_parameters_are_ignored()
    {
        var page = await _sandbox.ClientFor(_sandbox.Administrator).GetOk("clients?colour=blue");
        Assert.Equal(20, page["total_entries"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("clients?updated_since=yesterday")]
    [InlineData("time_entries?from=2025-13-01")]
    [InlineData("time_entries?user_id=me")]
    [InlineData("projects?is_active=maybe")]
    public async Task Malformed_filters_are_refused_with_422(string path)
    {
        var (status, body) = await _sandbox.ClientFor(_sandbox.Administrator).Send(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.NotNull(body!["message"]);
    }
}
