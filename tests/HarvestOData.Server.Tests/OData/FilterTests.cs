using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>Every $filter form against the same answer computed by LINQ over the sandbox's rows.</summary>
public abstract class FilterTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    private async Task AssertFilter(string filter, Func<HarvestRecord, bool> predicate, string set = "TimeEntries", string resource = "time_entries")
    {
        var expected = fixture.Expected.Rows(resource).Where(predicate).Select(r => r.Id).Order().ToList();
        Assert.True(expected.Count > 0 || filter.Contains("eq null", StringComparison.Ordinal) || filter.Contains("Nothing", StringComparison.Ordinal),
            $"The case '{filter}' selects nothing in the sandbox; it would prove little.");
        var (rows, count, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/{set}?$filter={Uri.EscapeDataString(filter)}&$select=Id&$count=true", set);
        Assert.Equal(expected, FeedClient.Ids(rows).Order().ToList());
        Assert.Equal(expected.Count, count);
    }

    private string Date(int index) => Entries.Select(r => r.Date("spent_date")).Order().ElementAt(index).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string SomeWord()
    {
        string note = Entries.Select(r => r.Str("notes")).First(n => n is not null && n.Split(' ').Any(w => w.Length >= 5))!;
        return note.Split(' ').First(w => w.Length >= 5);
    }

    [Fact]
    public Task Comparisons_on_decimals() => AssertFilter("Hours gt 2 and Hours le 6", r => r.Dec("hours") > 2 && r.Dec("hours") <= 6);

    [Fact]
    public Task Equality_and_inequality_treat_null_as_a_value() =>
        AssertFilter("Notes ne null and InvoiceId eq null", r => r.Str("notes") is not null && r.Long("invoice_id") is null);

    [Fact]
    public Task Dates_compare_as_dates()
    {
        string from = Date(500), to = Date(1500);
        return AssertFilter($"SpentDate ge {from} and SpentDate lt {to}",
            r => r.Date("spent_date") >= DateOnly.Parse(from, CultureInfo.InvariantCulture) && r.Date("spent_date") < DateOnly.Parse(to, CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task Timestamps_compare_with_offsets_and_fractions()
    {
        var pivot = Entries.Select(r => r.Time("created_at")).Order().ElementAt(1000);
        var literal = pivot.ToOffset(TimeSpan.FromHours(2)).AddMilliseconds(500);
        return AssertFilter($"CreatedAt gt {literal:yyyy-MM-ddTHH:mm:ss.fffzzz}", r => r.Time("created_at") > literal);
    }

    [Fact]
    public Task A_date_literal_against_a_timestamp_means_midnight_utc()
    {
        string day = Date(700);
        var midnight = new DateTimeOffset(DateOnly.Parse(day, CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return AssertFilter($"CreatedAt ge {day}", r => r.Time("created_at") >= midnight);
    }

    [Fact]
    public Task Booleans_and_not() => AssertFilter("not Billable or IsLocked eq true", r => !r.Bool("billable") || r.Bool("is_locked"));

    [Fact]
    public Task Not_of_a_comparison_with_null_is_true() => AssertFilter("not (InvoiceId gt 0)", r => !(r.Long("invoice_id") > 0));

    [Fact]
    public Task In_lists()
    {
        var projects = Entries.Select(r => r.Long("project_id")!.Value).Distinct().Take(3).ToList();
        return AssertFilter($"ProjectId in ({string.Join(",", projects)})", r => projects.Contains(r.Long("project_id")!.Value));
    }

    [Fact]
    public Task Arithmetic() =>
        AssertFilter("Hours mul 2 sub 1 gt 5 and Id mod 7 eq 3 and Hours div 2 lt 4 and Hours add 1 ge 2",
            r => r.Dec("hours") * 2 - 1 > 5 && r.Id % 7 == 3 && r.Dec("hours") / 2 < 4 && r.Dec("hours") + 1 >= 2);

    [Fact]
    public Task Contains_startswith_endswith()
    {
        string word = SomeWord();
        string head = word[..3], tail = word[^2..];
        return AssertFilter($"contains(Notes,'{word}') or startswith(Notes,'{head}') or endswith(Notes,'{tail}')",
            r => r.Str("notes") is { } n && (n.Contains(word, StringComparison.Ordinal) || n.StartsWith(head, StringComparison.Ordinal) || n.EndsWith(tail, StringComparison.Ordinal)));
    }

    [Fact]
    public Task String_functions()
    {
        string word = SomeWord().ToLowerInvariant();
        return AssertFilter($"indexof(tolower(Notes),'{word}') ge 0 and length(trim(Notes)) gt 10 and toupper(substring(Notes,0,1)) eq substring(toupper(Notes),0,1) and concat(Notes,'!') ne 'x'",
            r => r.Str("notes") is { } n && n.ToLowerInvariant().Contains(word, StringComparison.Ordinal) && n.Trim().Length > 10);
    }

    [Fact]
    public Task Substring_and_indexof_count_from_zero()
    {
        string note = Entries.Select(r => r.Str("notes")).First(n => n is { Length: > 8 })!;
        string piece = note.Substring(2, 4);
        return AssertFilter($"substring(Notes,2,4) eq '{piece.Replace("'", "''")}' and indexof(Notes,'{piece.Replace("'", "''")}') le 2",
            r => r.Str("notes") is { Length: >= 6 } n && n.Substring(2, 4) == piece && n.IndexOf(piece, StringComparison.Ordinal) <= 2);
    }

    [Fact]
    public Task Date_parts()
    {
        var sample = Entries[Entries.Count / 2].Date("spent_date");
        return AssertFilter($"year(SpentDate) eq {sample.Year} and month(SpentDate) eq {sample.Month} and day(SpentDate) ge 10",
            r => r.Date("spent_date").Year == sample.Year && r.Date("spent_date").Month == sample.Month && r.Date("spent_date").Day >= 10);
    }

    [Fact]
    public Task Time_parts_and_date_of_a_timestamp()
    {
        var sample = Entries[Entries.Count / 3].Time("created_at").UtcDateTime;
        return AssertFilter($"hour(CreatedAt) ge 12 and minute(CreatedAt) lt 30 and second(CreatedAt) ge 0 and date(CreatedAt) ge {sample:yyyy-MM-dd}",
            r => r.Time("created_at").UtcDateTime.Hour >= 12 && r.Time("created_at").UtcDateTime.Minute < 30 && DateOnly.FromDateTime(r.Time("created_at").UtcDateTime) >= DateOnly.FromDateTime(sample));
    }

    [Fact]
    public Task Navigation_paths()
    {
        var project = fixture.Expected.Rows("projects").First(p => Entries.Any(e => e.Long("project_id") == p.Id));
        string client = fixture.Expected.Row("clients", project.Long("client_id")!.Value).Str("name")!;
        return AssertFilter($"Project/Name eq '{project.Str("name")!.Replace("'", "''")}' or Project/Client/Name eq '{client.Replace("'", "''")}'",
            r => r.Long("project_id") == project.Id || fixture.Expected.Row("clients", fixture.Expected.Row("projects", r.Long("project_id")!.Value).Long("client_id")!.Value).Str("name") == client);
    }

    [Fact]
    public Task Any_and_all_over_collection_navigations()
    {
        var byProject = Entries.ToLookup(e => e.Long("project_id")!.Value);
        return AssertFilter("TimeEntries/any(t: t/Hours gt 7) or (TimeEntries/all(t: t/Billable) and IsActive)",
            p => byProject[p.Id].Any(t => t.Dec("hours") > 7) || (byProject[p.Id].All(t => t.Bool("billable")) && p.Bool("is_active")),
            "Projects", "projects");
    }

    [Fact]
    public Task Count_of_a_collection_navigation()
    {
        var byProject = Entries.ToLookup(e => e.Long("project_id")!.Value);
        return AssertFilter("TimeEntries/$count gt 40", p => byProject[p.Id].Count() > 40, "Projects", "projects");
    }

    [Fact]
    public async Task Options_are_case_insensitive_and_work_without_dollar()
    {
        var expected = Entries.Where(r => r.Dec("hours") > 3).Select(r => r.Id).Order().Take(7).ToList();
        foreach (string url in new[] { "/odata/TimeEntries?$FILTER=hours GT 3&$ORDERBY=ID&$TOP=7&$Select=ID", "/odata/TimeEntries?filter=Hours gt 3&orderby=Id&top=7&select=Id",
                     "/odata/TimeEntries?%24filter=Hours%20gt%203&%24orderby=Id&%24top=7&%24select=Id" })
        {
            var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, url, "TimeEntries");
            Assert.Equal(expected, FeedClient.Ids(rows));
        }
    }

    [Fact]
    public async Task Sql_in_a_string_literal_is_only_a_value()
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$filter=" + Uri.EscapeDataString("Notes eq 'x'' OR 1=1 --' or Notes eq '\"); DROP TABLE time_entries; --'"), "TimeEntries");
        Assert.Empty(rows);
        Assert.Equal(Entries.Count, (await FeedClient.ReadAllAsync(fixture, "/odata/TimeEntries?$select=Id", "TimeEntries")).Rows.Count);
    }
}

[Collection(ODataCollection.Name)]
public sealed class FilterTestsOnSqlite(ODataFixture fixture) : FilterTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class FilterTestsOnPostgres(PostgresODataFixture fixture) : FilterTests(fixture);
