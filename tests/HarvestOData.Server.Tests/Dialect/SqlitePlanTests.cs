using HarvestOData.Server.OData.Query;

namespace HarvestOData.Server.Tests.Dialect;

/// <summary>
/// The plans SQLite takes for an aggregating <c>$apply</c>: on a million entries the wrong one (walking the grouping
/// column's index with a row lookup per entry) is 5 times slower than reading the table in order (bench/odata).
/// </summary>
[Collection(DialectCollection.Name)]
public sealed class SqlitePlanTests(DialectFixture fixture)
{
    private const string SumPerProject = "/odata/TimeEntries?$apply=groupby((ProjectId),aggregate(Hours with sum as Total))";

    [Fact]
    public async Task An_administrators_sum_per_project_reads_the_whole_table_in_order_without_an_index()
    {
        var plan = await PlanAsync(SumPerProject, await fixture.CallerAsync(fixture.Sandbox.Administrator));

        Assert.Contains(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("INDEX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_members_sum_per_project_still_finds_their_own_entries_by_index()
    {
        var plan = await PlanAsync(SumPerProject, await fixture.CallerAsync(fixture.Sandbox.Member));

        // Their rows are a WHERE on user_id: its index must stay usable, only the grouping column's index is not walked.
        Assert.Contains(plan, step => step.Contains("USING INDEX", StringComparison.Ordinal) && step.Contains("user_id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("project_id", StringComparison.Ordinal) && step.Contains("INDEX", StringComparison.Ordinal));
    }

    private async Task<List<string>> PlanAsync(string url, HarvestOData.Server.Auth.Caller caller)
    {
        var query = DialectQuery.Compile(url, SqlDialect.Sqlite, caller);
        await using var connection = await fixture.OpenAsync(postgres: false);
        return await query.PlanAsync(connection);
    }
}
