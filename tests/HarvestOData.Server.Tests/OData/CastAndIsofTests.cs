using System.Globalization;
using System.Net;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>isof and cast in $filter and $orderby, against LINQ over the sandbox's rows.</summary>
public abstract class CastAndIsofTests(ODataFixture fixture)
{
    private IReadOnlyList<HarvestRecord> Entries => fixture.Expected.Rows("time_entries");

    private async Task<List<long>> Ids(string query)
    {
        var (rows, _, _) = await FeedClient.ReadAllAsync(fixture, $"/odata/TimeEntries?{query}&$select=Id", "TimeEntries");
        return FeedClient.Ids(rows);
    }

    private Task<List<long>> Filtered(string filter) => Ids("$filter=" + Uri.EscapeDataString(filter));

    private List<long> Expected(Func<HarvestRecord, bool> predicate) => Entries.Where(predicate).Select(r => r.Id).Order().ToList();

    [Fact]
    public async Task Isof_a_primitive_type_is_true_for_values_of_the_declared_type_and_false_otherwise()
    {
        Assert.Equal(Expected(r => r.Str("notes") is not null), (await Filtered("isof(Notes,Edm.String)")).Order());
        Assert.Equal(Expected(r => r.Dec("hours") > 5), (await Filtered("isof(Hours,Edm.Decimal) and Hours gt 5")).Order());
        Assert.Empty(await Filtered("isof(Hours,Edm.Boolean)"));
        Assert.Equal(Expected(r => r.Dec("hours") > 5), (await Filtered("Hours gt 5 and not isof(SpentDate,Edm.Int64)")).Order());
    }

    [Fact]
    public async Task Isof_the_sets_own_entity_type_is_true_and_an_unrelated_entity_type_is_refused()
    {
        Assert.Equal(Expected(r => r.Dec("hours") > 6), (await Filtered("isof(HarvestOData.TimeEntry) and Hours gt 6")).Order());
        // ODataLib refuses a type the entity can never be (no inheritance in this model): 400, naming both types.
        using var response = await fixture.GetAsync("/odata/TimeEntries?$filter=" + Uri.EscapeDataString("isof(HarvestOData.Project)"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("HarvestOData.Project", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cast_to_string_prints_integers_as_digits()
    {
        string prefix = Entries[Entries.Count / 2].Id.ToString(CultureInfo.InvariantCulture)[..3];
        Assert.Equal(Expected(r => r.Id.ToString(CultureInfo.InvariantCulture).StartsWith(prefix, StringComparison.Ordinal)),
            (await Filtered($"startswith(cast(Id,Edm.String),'{prefix}')")).Order());
        var whole = Entries.First(r => r.Dec("hours") is { } h && h == Math.Floor(h) && h > 0);
        Assert.Contains(whole.Id, await Filtered($"cast(Hours,Edm.String) eq '{whole.Dec("hours")!.Value:0}'"));
    }

    [Fact]
    public async Task Cast_decimal_to_integer_truncates_and_compares_as_a_number() =>
        Assert.Equal(Expected(r => Math.Truncate(r.Dec("hours")!.Value) >= 3), (await Filtered("cast(Hours,Edm.Int64) ge 3")).Order());

    [Fact]
    public async Task Cast_between_date_and_timestamp()
    {
        var day = Entries.Select(r => r.Date("spent_date")).Order().ElementAt(Entries.Count / 3);
        string text = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(Expected(r => r.Date("spent_date") >= day), (await Filtered($"cast(SpentDate,Edm.DateTimeOffset) ge {text}T00:00:00Z")).Order());
        var created = Entries.Select(r => DateOnly.FromDateTime(r.Time("created_at").UtcDateTime)).Order().ElementAt(Entries.Count / 2);
        Assert.Equal(Expected(r => DateOnly.FromDateTime(r.Time("created_at").UtcDateTime) == created),
            (await Filtered($"cast(CreatedAt,Edm.Date) eq {created:yyyy-MM-dd}")).Order());
    }

    [Fact]
    public async Task Orderby_a_cast_sorts_by_the_cast_value_across_pages()
    {
        var expected = Entries.OrderBy(r => r.Id.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal).Select(r => r.Id).ToList();
        Assert.Equal(expected, await Ids("$orderby=" + Uri.EscapeDataString("cast(Id,Edm.String)")));
    }

    [Theory]
    [InlineData("cast(cast(Id,Edm.String),Edm.Int64) eq Id")]
    [InlineData("cast(cast(SpentDate,Edm.String),Edm.Date) eq SpentDate")]
    [InlineData("cast(cast(Hours,Edm.String),Edm.Decimal) eq Hours")]
    [InlineData("cast('-42',Edm.Int64) eq -42 and cast('+7',Edm.Int64) eq 7 and cast('0009223372036854775807',Edm.Int64) eq 9223372036854775807")]
    [InlineData("cast('.5',Edm.Decimal) eq 0.5 and cast('-3.',Edm.Decimal) eq -3 and cast('2024-02-29',Edm.Date) eq 2024-02-29")]
    public async Task Cast_of_text_that_spells_a_value_reads_that_value(string filter) =>
        Assert.Equal(Expected(_ => true), (await Filtered(filter)).Order());

    // OData's cast answers null where the value cannot be converted: SQLite's CAST read 'x12' as 0, PostgreSQL's failed
    // the query. A substring of negative length is null too (SQLite counted it backwards, PostgreSQL failed).
    [Theory]
    [InlineData("cast(Notes,Edm.Int64) eq null and cast(Notes,Edm.Decimal) eq null and cast(Notes,Edm.Date) eq null")]
    [InlineData("cast(concat('x',cast(Id,Edm.String)),Edm.Int64) eq null and cast(concat(cast(Id,Edm.String),'-'),Edm.Int64) eq null")]
    [InlineData("cast('12.5',Edm.Int64) eq null and cast('9223372036854775808',Edm.Int64) eq null and cast('',Edm.Int64) eq null and cast('-',Edm.Int64) eq null")]
    [InlineData("cast('1.2.3',Edm.Decimal) eq null and cast('.',Edm.Decimal) eq null and cast('--1',Edm.Decimal) eq null and cast('1e5',Edm.Decimal) eq null")]
    [InlineData("substring(Notes,1,-1) eq null and substring('abc',2,-2) eq null and substring('abc',0,0) eq '' and substring('abc',1,5) eq 'bc'")]
    [InlineData("cast('2026-02-30',Edm.Date) eq null and cast('2026-13-01',Edm.Date) eq null and cast('0000-01-01',Edm.Date) eq null and cast('26-01-01',Edm.Date) eq null")]
    public async Task Cast_of_text_that_spells_no_value_of_the_type_and_a_negative_substring_length_are_null(string filter) =>
        Assert.Equal(Expected(_ => true), (await Filtered(filter)).Order());

    [Fact]
    public async Task A_cast_that_cannot_succeed_is_null() =>
        Assert.Equal(Expected(r => r.Dec("hours") > 7), (await Filtered("cast(Hours,Edm.Guid) eq null and Hours gt 7")).Order());

    [Theory]
    [InlineData("isof(Hours,Edm.Nope)")]
    [InlineData("cast(Hours,HarvestOData.Project) eq null")]
    public async Task Unknown_or_unsupported_casts_answer_4xx_not_500(string filter)
    {
        using var response = await fixture.GetAsync("/odata/TimeEntries?$filter=" + Uri.EscapeDataString(filter));
        Assert.True((int)response.StatusCode is >= 400 and < 500 and not 404, $"{filter} answered {(int)response.StatusCode}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}

[Collection(ODataCollection.Name)]
public sealed class CastAndIsofTestsOnSqlite(ODataFixture fixture) : CastAndIsofTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class CastAndIsofTestsOnPostgres(PostgresODataFixture fixture) : CastAndIsofTests(fixture);
