using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>$apply: filter, groupby, aggregate with sum/average/min/max/countdistinct/$count, then $filter/$orderby/$top.</summary>
public abstract class ApplyTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    private async Task<JsonElement[]> Rows(string apply, string extra = "")
    {
        var rows = new List<JsonElement>();
        string? next = $"/odata/TimeEntries?$apply={Uri.EscapeDataString(apply)}{extra}";
        while (next is not null)
        {
            using var response = await fixture.GetAsync(next);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            rows.AddRange(json.GetProperty("value").EnumerateArray());
            next = json.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
        }
        return rows.ToArray();
    }

    private static decimal Money(decimal value) => (decimal)(double)value;

    [Fact]
    public async Task Groupby_with_sum_average_min_max_countdistinct_and_count()
    {
        var rows = await Rows("groupby((ProjectId),aggregate(Hours with sum as Total,Hours with average as Mean,Hours with min as Low,Hours with max as High,TaskId with countdistinct as Tasks,$count as N))");
        var expected = Entries.GroupBy(e => e.Long("project_id")!.Value).ToDictionary(g => g.Key);
        Assert.Equal(expected.Count, rows.Length);
        foreach (var row in rows)
        {
            var group = expected[row.GetProperty("ProjectId").GetInt64()];
            var hours = group.Select(e => (double)e.Dec("hours")!.Value).ToList();
            Assert.Equal(hours.Sum(), (double)row.GetProperty("Total").GetDecimal(), 6);
            Assert.Equal(hours.Average(), (double)row.GetProperty("Mean").GetDecimal(), 6);
            Assert.Equal(Money(group.Min(e => e.Dec("hours")!.Value)), row.GetProperty("Low").GetDecimal());
            Assert.Equal(Money(group.Max(e => e.Dec("hours")!.Value)), row.GetProperty("High").GetDecimal());
            Assert.Equal(group.Select(e => e.Long("task_id")).Distinct().Count(), row.GetProperty("Tasks").GetInt64());
            Assert.Equal(group.Count(), row.GetProperty("N").GetInt64());
        }
    }

    [Fact]
    public async Task Filter_then_groupby_navigation_property_then_orderby_and_top()
    {
        string from = Entries.Select(e => e.Date("spent_date")).Order().ElementAt(Entries.Count / 2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var rows = await Rows($"filter(SpentDate ge {from})/groupby((Project/Name),aggregate(Hours with sum as Total))", "&$orderby=Total desc&$top=5");
        var expected = Entries.Where(e => e.Date("spent_date") >= DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture))
            .GroupBy(e => fixture.Expected.Row("projects", e.Long("project_id")!.Value).Str("name"))
            .Select(g => (Name: g.Key, Total: g.Sum(e => (double)e.Dec("hours")!.Value))).OrderByDescending(g => g.Total).Take(5).ToList();
        Assert.Equal(expected.Select(e => e.Name), rows.Select(r => r.GetProperty("Project").GetProperty("Name").GetString()));
        Assert.Equal(expected.Select(e => e.Total), rows.Select(r => (double)r.GetProperty("Total").GetDecimal()), new ToleranceComparer());
    }

    [Fact]
    public async Task Aggregate_without_groupby_gives_one_row_and_filter_after_groupby_works()
    {
        var total = await Rows("aggregate(Hours with sum as Total,$count as N)");
        Assert.Equal(Entries.Count, Assert.Single(total).GetProperty("N").GetInt64());
        var busy = await Rows("groupby((UserId),aggregate($count as N))/filter(N gt 100)", "&$filter=UserId gt 0&$count=true");
        var expected = Entries.GroupBy(e => e.Long("user_id")).Where(g => g.Count() > 100).Select(g => g.Key!.Value).Order();
        Assert.Equal(expected, busy.Select(r => r.GetProperty("UserId").GetInt64()).Order());
    }

    [Fact]
    public async Task Aggregated_results_page_and_name_their_shape_in_the_context_url()
    {
        var rows = await Rows("groupby((SpentDate,UserId))");
        Assert.Equal(Entries.Select(e => (e.Date("spent_date"), e.Long("user_id"))).Distinct().Count(), rows.Length);
        Assert.True(rows.Length > ODataFixture.PageSize, "the case must need several pages");
        using var response = await fixture.GetAsync("/odata/TimeEntries?$apply=groupby((Project/Name),aggregate(Hours with sum as Total,$count as N))");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("$metadata#TimeEntries(Project(Name),Total,N)", json.RootElement.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_with_only_filter_returns_entities()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$apply=filter(Hours gt 5)&$select=Id", "TimeEntries");
        Assert.Equal(Entries.Where(e => e.Dec("hours") > 5).Select(e => e.Id).Order(), FeedClient.Ids(rows).Order());
    }

    [Fact]
    public async Task Apply_that_keeps_entities_computes_columns_on_them()
    {
        var rows = await Rows("filter(Hours gt 3)/compute(Hours mul 2 as Double)", "&$select=Id,Double&$filter=Double gt 7");
        var expected = Entries.Where(e => e.Dec("hours") > 3 && e.Dec("hours") * 2 > 7).ToDictionary(e => e.Id);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), rows.Select(r => r.GetProperty("Id").GetInt64()).Order());
        Assert.All(rows, r => Assert.Equal((double)expected[r.GetProperty("Id").GetInt64()].Dec("hours")!.Value * 2, (double)r.GetProperty("Double").GetDecimal(), 6));
    }

    private List<(long Id, double Total)> ProjectTotals() => Entries.GroupBy(e => e.Long("project_id")!.Value)
        .Select(g => (g.Key, Math.Round(g.Sum(e => (double)e.Dec("hours")!.Value), 6))).ToList();

    [Fact]
    public async Task Orderby_skip_and_top_transformations_rank_aggregated_rows()
    {
        var rows = await Rows("groupby((ProjectId),aggregate(Hours with sum as Total))/orderby(Total desc,ProjectId)/skip(2)/top(3)");
        var expected = ProjectTotals().OrderByDescending(p => p.Total).ThenBy(p => p.Id).Skip(2).Take(3).ToList();
        Assert.Equal(expected.Select(p => p.Id), rows.Select(r => r.GetProperty("ProjectId").GetInt64()));
    }

    [Fact]
    public async Task Transformations_run_in_sequence_before_the_query_options()
    {
        // top(5) picks the five busiest users; filter and $orderby/$top then work on those five only.
        var rows = await Rows("groupby((UserId),aggregate($count as N))/orderby(N desc,UserId)/top(5)/filter(N gt 0)", "&$orderby=UserId&$top=2&$count=true");
        var five = Entries.GroupBy(e => e.Long("user_id")!.Value).Select(g => (Id: g.Key, N: g.Count())).OrderByDescending(g => g.N).ThenBy(g => g.Id).Take(5);
        Assert.Equal(five.Select(g => g.Id).Order().Take(2), rows.Select(r => r.GetProperty("UserId").GetInt64()));
        using var response = await fixture.GetAsync("/odata/TimeEntries?$apply=" + Uri.EscapeDataString("groupby((UserId),aggregate($count as N))/orderby(N desc)/top(5)") + "&$count=true&$top=1");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(5, json.RootElement.GetProperty("@odata.count").GetInt64());
    }

    [Fact]
    public async Task Compute_before_and_after_aggregation()
    {
        var rows = await Rows("compute(Hours mul 60 as Minutes)/groupby((UserId),aggregate(Minutes with sum as TotalMinutes,Hours with sum as Total))/compute(TotalMinutes div 60 as Back)",
            "&$orderby=Back desc");
        var expected = Entries.GroupBy(e => e.Long("user_id")!.Value).ToDictionary(g => g.Key, g => g.Sum(e => (double)e.Dec("hours")!.Value));
        Assert.Equal(expected.Count, rows.Length);
        foreach (var row in rows)
        {
            double total = expected[row.GetProperty("UserId").GetInt64()];
            Assert.Equal(total * 60, (double)row.GetProperty("TotalMinutes").GetDecimal(), 4);
            Assert.Equal(total, (double)row.GetProperty("Back").GetDecimal(), 4);
        }
        Assert.Equal(rows.Select(r => (double)r.GetProperty("Back").GetDecimal()).OrderDescending(), rows.Select(r => (double)r.GetProperty("Back").GetDecimal()));
    }

    [Fact]
    public async Task Concat_appends_the_rows_of_each_branch_in_order()
    {
        var rows = await Rows("concat(groupby((ProjectId),aggregate(Hours with sum as Total))/orderby(Total desc,ProjectId)/top(2),aggregate(Hours with sum as Total,$count as N))");
        var top = ProjectTotals().OrderByDescending(p => p.Total).ThenBy(p => p.Id).Take(2).ToList();
        Assert.Equal(3, rows.Length);
        Assert.Equal(top.Select(p => p.Id), rows.Take(2).Select(r => r.GetProperty("ProjectId").GetInt64()));
        Assert.False(rows[0].TryGetProperty("N", out _), "a row carries only its own branch's properties");
        Assert.False(rows[2].TryGetProperty("ProjectId", out _), "a row carries only its own branch's properties");
        Assert.Equal(Entries.Count, rows[2].GetProperty("N").GetInt64());
        Assert.Equal(Entries.Sum(e => (double)e.Dec("hours")!.Value), (double)rows[2].GetProperty("Total").GetDecimal(), 4);
    }

    [Fact]
    public async Task Apply_is_scoped_to_the_caller_in_every_transformation()
    {
        var member = fixture.Sandbox.Member;
        var visible = fixture.Expected.Visible("time_entries", member);
        using var response = await fixture.GetAsync("/odata/TimeEntries?$apply=" +
            Uri.EscapeDataString("concat(aggregate($count as N),compute(Hours mul 2 as D)/groupby((UserId),aggregate(D with sum as T))/orderby(T desc)/top(50))"), member);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(visible.Count, rows[0].GetProperty("N").GetInt64());
        var users = Entries.Where(e => visible.Contains(e.Id)).Select(e => e.Long("user_id")!.Value).Distinct().Order();
        Assert.Equal(users, rows.Skip(1).Select(r => r.GetProperty("UserId").GetInt64()).Order());
    }

    [Fact]
    public async Task Orderby_top_and_skip_cut_the_entities_before_they_are_aggregated()
    {
        // The Aggregation spec's sequence: the ten longest entries (the key breaks ties), then the ten after them.
        var longest = Entries.OrderByDescending(e => e.Dec("hours")).ThenBy(e => e.Id).ToList();
        var top = Assert.Single(await Rows("orderby(Hours desc)/top(10)/aggregate(Hours with sum as Total,$count as N)"));
        Assert.Equal(10, top.GetProperty("N").GetInt64());
        Assert.Equal((double)longest.Take(10).Sum(e => e.Dec("hours")!.Value), (double)top.GetProperty("Total").GetDecimal(), 6);
        var next = Assert.Single(await Rows("orderby(Hours desc)/skip(10)/top(10)/aggregate(Id with sum as Ids)"));
        Assert.Equal(longest.Skip(10).Take(10).Sum(e => e.Id), next.GetProperty("Ids").GetInt64());

        // A filter after top keeps only those rows that pass it; without an orderby the key orders the cut.
        var rows = await Rows("filter(Billable)/compute(Hours mul 2 as Double)/orderby(Double desc,SpentDate desc)/top(300)/filter(Hours gt 2)/groupby((UserId),aggregate($count as N))");
        var expected = Entries.Where(e => e.Bool("billable")).OrderByDescending(e => e.Dec("hours")).ThenByDescending(e => e.Date("spent_date")).ThenBy(e => e.Id)
            .Take(300).Where(e => e.Dec("hours") > 2).GroupBy(e => e.Long("user_id")!.Value).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected, rows.ToDictionary(r => r.GetProperty("UserId").GetInt64(), r => r.GetProperty("N").GetInt64()));
        var first = Assert.Single(await Rows("skip(5)/top(3)/aggregate(Id with min as Low,Id with max as High)"));
        Assert.Equal(Entries.Select(e => e.Id).Order().Skip(5).First(), first.GetProperty("Low").GetInt64());
        Assert.Equal(Entries.Select(e => e.Id).Order().Skip(7).First(), first.GetProperty("High").GetInt64());
    }

    [Fact]
    public async Task Orderby_top_and_skip_on_entities_answer_those_entities_in_that_order_across_pages()
    {
        var longest = Entries.OrderByDescending(e => e.Dec("hours")).ThenBy(e => e.Id).Select(e => e.Id).ToList();
        Assert.Equal(longest.Skip(3).Take(7), (await Rows("orderby(Hours desc)/skip(3)/top(7)", "&$select=Id,Hours")).Select(r => r.GetProperty("Id").GetInt64()));

        // More rows than a page: the next links page through the cut, in its order.
        int many = (ODataFixture.PageSize * 2) + 5;
        var recent = Entries.OrderByDescending(e => e.Date("spent_date")).ThenBy(e => e.Id).Take(many).Select(e => e.Id);
        Assert.Equal(recent, (await Rows($"orderby(SpentDate desc)/top({many})", "&$select=Id")).Select(r => r.GetProperty("Id").GetInt64()));

        // Later filters and the request's own options work on the cut rows; /$count counts them.
        var cut = Entries.Where(e => e.Bool("billable")).OrderBy(e => e.Id).Take(50).Where(e => e.Dec("hours") > 3).ToList();
        var rows = await Rows("filter(Billable)/top(50)/filter(Hours gt 3)", "&$orderby=Hours desc,Id&$select=Id");
        Assert.Equal(cut.OrderByDescending(e => e.Dec("hours")).ThenBy(e => e.Id).Select(e => e.Id), rows.Select(r => r.GetProperty("Id").GetInt64()));
        using var count = await fixture.GetAsync("/odata/TimeEntries/$count?$apply=" + Uri.EscapeDataString("filter(Billable)/top(50)/filter(Hours gt 3)"));
        Assert.Equal(cut.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await count.Content.ReadAsStringAsync());

        // A member's cut takes only the member's own entries.
        var member = fixture.Sandbox.Member;
        var visible = fixture.Expected.Visible("time_entries", member);
        using var mine = await fixture.GetAsync("/odata/TimeEntries?$select=Id&$apply=" + Uri.EscapeDataString("orderby(Hours desc)/top(5)"), member);
        var ids = JsonDocument.Parse(await mine.Content.ReadAsStringAsync()).RootElement.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("Id").GetInt64());
        Assert.Equal(longest.Where(visible.Contains).Take(5), ids);
    }

    [Theory]
    [InlineData("orderby(Nope)/top(1)/aggregate($count as N)")]
    [InlineData("top(x)/aggregate($count as N)")]
    [InlineData("groupby((ProjectId))/orderby(Hours)")]
    [InlineData("groupby((ProjectId))/top(x)")]
    [InlineData("groupby((ProjectId))/top(-1)")]
    [InlineData("groupby((ProjectId))/skip(1.5)")]
    [InlineData("groupby((ProjectId))/orderby()")]
    [InlineData("groupby((ProjectId))/frobnicate(1)")]
    [InlineData("groupby((ProjectId))/top(1")]
    [InlineData("concat(aggregate($count as N))")]
    [InlineData("groupby((ProjectId),aggregate($count as N))/compute(N add 1 as N)")]
    public async Task Bad_transformations_answer_400(string apply)
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$apply=" + Uri.EscapeDataString(apply));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{apply} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}

[Collection(ODataCollection.Name)]
public sealed class ApplyTestsOnSqlite(ODataFixture fixture) : ApplyTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class ApplyTestsOnPostgres(PostgresODataFixture fixture) : ApplyTests(fixture);
