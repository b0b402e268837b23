using HarvestOData.Server.Auth;
using HarvestOData.Server.OData.Query;

namespace HarvestOData.Server.Tests.Dialect;

/// <summary>
/// "Same results" per expression: each URL is compiled by the one compiler for SQLite and for PostgreSQL and run over
/// the two mirrors of one sandbox; the rows (ids, every selected value, their order) must be equal.
/// </summary>
[Collection(DialectCollection.Name)]
public sealed class PostgresParityTests(DialectFixture fixture)
{
    private async Task<List<object?[]>> SameAsync(string url, Caller? caller = null) =>
        await SameResults.AssertAsync(fixture, fixture.Fill(url), caller ?? await fixture.CallerAsync(fixture.Sandbox.Administrator));

    public static TheoryData<string> Filters => new()
    {
        "Hours gt 2 and Hours le 6",
        "Notes ne null and InvoiceId eq null",
        "SpentDate ge {day} and SpentDate lt {day+30}",
        "CreatedAt gt {instant.5}",
        "CreatedAt le {instant.5} and CreatedAt ge {instant}",
        "CreatedAt eq {instant} or CreatedAt ne {instant.5} and UpdatedAt gt {instant}",
        "CreatedAt ge {day}",
        "not Billable or IsLocked eq true",
        "not (InvoiceId gt 0)",
        "Billable eq IsBilled and InvoiceId ne ProjectId",
        "Hours mul 2 sub 1 gt 5 and Id mod 7 eq 3 and Hours div 2 lt 4 and Hours add 1 ge 2",
        "Hours div 0 eq null and Id mod 0 eq null and Id div 3 gt 100",
        "Hours mod 1 gt 0",
        "contains(Notes,'a') or startswith(Notes,'M') or endswith(Notes,'s')",
        "indexof(tolower(Notes),'e') ge 3 and length(trim(Notes)) gt 10 and toupper(substring(Notes,0,1)) eq substring(toupper(Notes),0,1) and concat(Notes,'!') ne 'x'",
        "substring(Notes,1) eq substring(Notes,1,200) and substring(Notes,2,4) ne 'xyz'",
        "year(SpentDate) eq {year} and month(SpentDate) ge 6 and day(SpentDate) ge 10",
        "hour(CreatedAt) ge 12 and minute(CreatedAt) lt 30 and second(CreatedAt) ge 0 and date(CreatedAt) ge {day}",
        "date(CreatedAt) eq SpentDate or time(CreatedAt) gt 20:00:00",
        "Project/Name ne null and Project/Client/Name gt 'M'",
        "Notes gt 'Meeting' and Notes lt 'd'",
        "floor(Hours) eq 2 or ceiling(Hours) eq 3 or round(Hours) eq 4",
        "cast(Hours,Edm.String) eq '2' or cast(Billable,Edm.String) eq 'true' and cast(SpentDate,Edm.String) lt '{day}'",
        "cast(Hours,Edm.Int64) eq 3 and cast(Id,Edm.Decimal) gt 10",
        "isof(Hours,Edm.Decimal) and isof(Id,Edm.Int64) and not isof(Notes,Edm.Int32)",
        "CreatedAt lt now() and CreatedAt gt mindatetime() and CreatedAt lt maxdatetime()",
        "fractionalseconds(CreatedAt) eq 0 and totaloffsetminutes(CreatedAt) eq 0",
        "cast(SpentDate,Edm.DateTimeOffset) ge {instant} and cast(CreatedAt,Edm.Date) le {day+30}",
        "InvoiceId in (null, 1, 2) or ProjectId in (1)",
        "UserId in ()",
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filters_select_the_same_rows(string filter) =>
        await SameAsync("/odata/TimeEntries?$filter=" + Uri.EscapeDataString(fixture.Fill(filter)));

    [Theory]
    [InlineData("/odata/Projects?$filter=TimeEntries/any(t: t/Hours gt 7) or (TimeEntries/all(t: t/Billable) and IsActive)")]
    [InlineData("/odata/Projects?$filter=TimeEntries/$count gt 40 or not TimeEntries/any()")]
    [InlineData("/odata/Projects?$filter=Client/Name eq 'x' or IsBillable ne IsFixedFee or StartsOn eq null&$orderby=Budget desc,Code")]
    [InlineData("/odata/Users?$filter=IsContractor or WeeklyCapacity gt 100000&$orderby=LastName desc,FirstName")]
    [InlineData("/odata/Expenses?$filter=TotalCost gt 100 and Billable&$orderby=SpentDate desc,TotalCost")]
    public Task Paths_lambdas_and_other_sets(string url) => SameAsync(url);

    [Theory]
    [InlineData("$orderby=Notes desc,Hours")]
    [InlineData("$orderby=InvoiceId,SpentDate desc")]
    [InlineData("$orderby=Billable desc,CreatedAt&$top=300&$skip=40")]
    [InlineData("$orderby=Project/Name,Hours desc&$skip=2900")]
    [InlineData("$orderby=tolower(Notes),Id desc&$top=100")]
    public Task Orders_and_pages_alike(string options) => SameAsync("/odata/TimeEntries?" + options);

    [Theory]
    [InlineData("/odata/Projects?$search=web")]
    [InlineData("/odata/Projects?$search=NOT design")]
    [InlineData("/odata/Projects?$search=\"Marketing Site\" OR APP")]
    [InlineData("/odata/TimeEntries?$search=meeting AND NOT review")]
    [InlineData("/odata/Roles?$search=x")]
    public Task Search_folds_ascii_case_alike(string url) => SameAsync(url);

    [Theory]
    [InlineData("$compute=Hours mul 2 as Double,year(SpentDate) as Year,Hours gt 4 as Long,Id div 3 as Third,Id mod 5 as Five&$filter=Double gt 5&$orderby=Long desc,Year,Double&$select=Id,Double,Year,Long,Third,Five")]
    [InlineData("$compute=concat(concat(Notes,' / '),cast(SpentDate,Edm.String)) as Label,cast(CreatedAt,Edm.String) as At,cast(Hours,Edm.String) as H,cast(IsLocked,Edm.String) as L&$select=Id,Label,At,H,L")]
    [InlineData("$compute=substring(Notes,-3) as Tail,substring(Notes,-5,2) as Mid,substring(Notes,0,0) as Empty,indexof(Notes,'e') as E,length(Notes) as N&$select=Id,Tail,Mid,Empty,E,N")]
    [InlineData("$compute=floor(Hours) as F,ceiling(Hours) as C,round(Hours) as R,Hours div 0 as Z,cast(Hours,Edm.Int32) as I,date(CreatedAt) as D,time(CreatedAt) as T,hour(CreatedAt) as Hr&$select=Id,F,C,R,Z,I,D,T,Hr&$orderby=D desc,T")]
    [InlineData("$apply=compute(Hours mul 3 as Triple)&$filter=Triple gt 10&$orderby=Triple")]
    public Task Computed_values_alike(string options) => SameAsync("/odata/TimeEntries?" + options);

    [Theory]
    [InlineData("/odata/Projects?$expand=TimeEntries($filter=Hours gt 4;$orderby=Hours desc;$top=3;$count=true),Client&$top=20")]
    [InlineData("/odata/TimeEntries?$expand=Project($select=Name,IsBillable),User&$filter=Hours gt 4 and UserId ne null&$orderby=Hours desc")]
    [InlineData("/odata/Clients?$expand=Projects($skip=1;$orderby=Name)")]
    public Task Expansions_alike(string url) => SameAsync(url);

    [Theory]
    [InlineData("$apply=groupby((ProjectId),aggregate(Hours with sum as Total,Hours with average as Avg,$count as N,UserId with countdistinct as C,Hours with min as Lo,Hours with max as Hi))")]
    [InlineData("$apply=groupby((Project/Name,Billable),aggregate(Hours with sum as Total))&$orderby=Total desc")]
    [InlineData("$apply=filter(Billable)/groupby((UserId),aggregate(Id with sum as S,SpentDate with max as Last))&$filter=S gt 1000")]
    [InlineData("$apply=compute(year(SpentDate) as Y)/groupby((Y),aggregate(Hours with sum as T))/filter(T gt 10)/compute(T div 60 as H)/orderby(H desc)/top(3)")]
    [InlineData("$apply=aggregate(Hours with sum as Total,$count as N,Notes with min as First)")]
    [InlineData("$apply=groupby((Notes))/skip(5)")]
    [InlineData("$apply=groupby((SpentDate),aggregate($count as N))/orderby(N desc)/top(10)")]
    [InlineData("$apply=concat(aggregate($count as N),groupby((Billable),aggregate(Hours with max as M)))")]
    [InlineData("$apply=filter(Hours gt 100)/aggregate(Hours with sum as Total,Id with sum as Ids)")]
    public Task Aggregates_alike(string options) => SameAsync("/odata/TimeEntries?" + options);

    [Theory]
    [InlineData("TimeReportClients")]
    [InlineData("TimeReportProjects")]
    [InlineData("TimeReportTasks")]
    [InlineData("TimeReportTeam")]
    [InlineData("ExpenseReportClients")]
    [InlineData("ExpenseReportProjects")]
    [InlineData("ExpenseReportCategories")]
    [InlineData("ExpenseReportTeam")]
    [InlineData("UninvoicedReport")]
    public async Task Windowed_reports_alike(string report)
    {
        string window = $"(From={fixture.Day.AddDays(-300):yyyy-MM-dd},To={fixture.Day.AddDays(60):yyyy-MM-dd})";
        var rows = await SameAsync($"/odata/{report}{window}");
        Assert.NotEmpty(rows);
        foreach (var user in new[] { fixture.Sandbox.Manager, fixture.Sandbox.Member })
        {
            if (report != "UninvoicedReport")
                await SameAsync($"/odata/{report}{window}", await fixture.CallerAsync(user));
        }
    }

    [Theory]
    [InlineData("/odata/ProjectBudgetReport")]
    [InlineData("/odata/ProjectBudgetReport(IsActive=true)?$orderby=BudgetRemaining desc")]
    [InlineData("/odata/TimeReportTasks(From={day},To={day+30},IncludeFixedFee=false)?$filter=TotalHours gt 5 or startswith(tolower(TaskName),'d') or Currency eq null&$orderby=BillableAmount desc,TaskName")]
    [InlineData("/odata/TimeReportProjects(From={day},To={day+30})?$orderby=ClientName desc,BillableHours&$select=ProjectId,ProjectName,BillableHours&$top=5&$skip=2")]
    public Task Reports_with_options_alike(string url) => SameAsync(url);

    [Theory]
    [InlineData("/odata/TimeEntries?$filter=Hours gt 3&$orderby=Notes,SpentDate desc")]
    [InlineData("/odata/Projects?$expand=TimeEntries($top=2)")]
    [InlineData("/odata/Clients?$orderby=Name")]
    [InlineData("/odata/Users")]
    [InlineData("/odata/Expenses?$apply=groupby((UserId),aggregate(TotalCost with sum as T))")]
    [InlineData("/odata/Projects?$filter=Fee gt 1000 or Budget gt 10")]
    public async Task Scoped_rows_and_fields_alike(string url)
    {
        await SameAsync(url, await fixture.CallerAsync(fixture.Sandbox.Manager));
        await SameAsync(url, await fixture.CallerAsync(fixture.Sandbox.Member));
    }

    /// <summary>
    /// A next page: the skip token holds the last row's sort values as a row gives them back (ISO text, 1/0, doubles);
    /// PostgreSQL binds them again as the keys' types and must continue exactly where SQLite does.
    /// </summary>
    [Theory]
    [InlineData("/odata/TimeEntries?$orderby=Notes desc,SpentDate,Billable,Hours,CreatedAt desc", 0)]
    [InlineData("/odata/TimeEntries?$orderby=Notes desc,SpentDate,Billable,Hours,CreatedAt desc", 1700)]
    [InlineData("/odata/TimeEntries?$orderby=InvoiceId desc,Project/Name", 2500)]
    [InlineData("/odata/TimeEntries?$compute=Hours mul 2 as Double&$orderby=Double desc,IsLocked", 800)]
    [InlineData("/odata/TimeReportTasks(From={day},To={day+30})?$orderby=TaskName desc,BillableAmount", 3)]
    public async Task Next_pages_continue_alike(string url, int lastOfPage)
    {
        var caller = await fixture.CallerAsync(fixture.Sandbox.Administrator);
        string filled = fixture.Fill(url);
        var all = await SameResults.AssertAsync(fixture, filled, caller);
        var ordinals = DialectQuery.Compile(filled, SqlDialect.Sqlite, caller).SortOrdinals;
        var token = ordinals.Select(o => all[lastOfPage][o]).ToList();
        var rest = await SameResults.AssertAsync(fixture, filled, caller, token);
        Assert.Equal(all.Count - lastOfPage - 1, rest.Count);
        Assert.Equal(all[lastOfPage + 1][0], rest[0][0]);
    }

    [Theory]
    [InlineData("/odata/TimeEntries?$filter=Hours gt 3", 1L)]
    [InlineData("/odata/TimeEntries?$filter=Hours gt 3&$top=100&$skip=50", 1L)]
    [InlineData("/odata/TimeEntries?$skip=2990", 10L)]
    [InlineData("/odata/Projects({project})/TimeEntries?$filter=Billable&$skip=3", 1L)]
    [InlineData("/odata/TimeEntries?$apply=groupby((UserId))&$filter=UserId ne null", 1L)]
    [InlineData("/odata/TimeReportTasks(From={day},To={day+30})?$skip=2", 1L)]
    [InlineData("/odata/TimeReportTeam(From={day},To={day+30})?$top=1&$skip=1", 1L)]
    public async Task Counts_alike(string url, long atLeast)
    {
        var rows = await SameResults.AssertAsync(fixture, fixture.Fill(url), await fixture.CallerAsync(fixture.Sandbox.Administrator), count: true);
        Assert.True((long)rows.Single().Single()! >= atLeast, $"{url} counted {rows.Single().Single()}");
    }

    [Theory]
    [InlineData("/odata/Projects({project})/TimeEntries?$orderby=SpentDate desc")]
    [InlineData("/odata/Projects({project})/Client?$expand=Projects($top=2)")]
    [InlineData("/odata/Clients?$filter=Projects/any(p: p/Id eq {project})&$expand=Projects($filter=Id ne {project})")]
    public Task Paths_with_keys_alike(string url) => SameAsync(url);

    [Theory]
    [InlineData("/odata/TimeEntries?$search=réunion")]
    [InlineData("/odata/TimeEntries?$search=ÉTÉ")]
    [InlineData("/odata/TimeEntries?$search=Été OR NAÏVE")]
    [InlineData("/odata/TimeEntries?$filter=tolower(Notes) eq 'réunion été naïve' or toupper(Notes) eq 'RéUNION ÉTÉ'")]
    [InlineData("/odata/TimeEntries?$filter=startswith(Notes,'R') or Notes gt 'Z'&$orderby=Notes desc,toupper(Notes)")]
    [InlineData("/odata/Clients?$orderby=Name&$filter=Name lt 'F' or Name gt 'z'")]
    [InlineData("/odata/TimeEntries?$apply=groupby((Client/Name),aggregate(Notes with max as Last,Notes with min as First))")]
    public Task Accented_text_folds_and_sorts_as_sqlite_does(string url) => SameAsync(url);
}
