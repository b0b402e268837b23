using System.Globalization;
using System.Net;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// Writes as strict typed clients send them: the SAP Cloud SDK quotes every Edm.Int64 (and Decimal) without saying
/// IEEE754Compatible; and entity tags that change with every write, even two within one second of Harvest's clock.
/// </summary>
public abstract class StrictClientWriteTests(WriteFixture fixture)
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Int64_and_decimal_values_sent_as_strings_are_accepted_on_create_and_patch()
    {
        var data = fixture.Sandbox.Data;
        var admin = fixture.Sandbox.Administrator;
        long user = fixture.Sandbox.Member.UserId;
        var (project, task) = data.WorkFor(user);

        // As the SAP Cloud SDK sends a create: ids and decimals quoted, plain application/json.
        using var created = await fixture.PostAsync("/odata/TimeEntries", admin,
            $$"""{"ProjectId":"{{project}}","TaskId":"{{task}}","UserId":"{{user}}","SpentDate":"{{Today}}","Hours":"1.5","Notes":"Quoted ids"}""");
        var entry = await WriteFixture.JsonAsync(created, HttpStatusCode.Created);
        long id = entry.Long("Id");
        var stored = data.Find("time_entries", id)!;
        Assert.Equal(project, stored.Ref("project_id"));
        Assert.Equal(1.5m, (decimal)stored["hours"]!);

        using (var patched = await fixture.PatchAsync($"/odata/TimeEntries({id})", admin, """{"Hours":"2.25"}"""))
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal(2.25m, (decimal)data.Find("time_entries", id)!["hours"]!);

        // Numbers keep working, with or without IEEE754Compatible in the content type, and mixed forms too.
        using (var numbers = await fixture.PatchAsync($"/odata/TimeEntries({id})", admin, """{"Hours":3.5}"""))
            Assert.Equal(HttpStatusCode.NoContent, numbers.StatusCode);
        Assert.Equal(3.5m, (decimal)data.Find("time_entries", id)!["hours"]!);
        using (var request = new HttpRequestMessage(HttpMethod.Patch, $"/odata/TimeEntries({id})"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin.Token);
            request.Content = new StringContent("""{"Hours":4}""");
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json;IEEE754Compatible=true");
            using var ieee = await fixture.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, ieee.StatusCode);
        }
        Assert.Equal(4m, (decimal)data.Find("time_entries", id)!["hours"]!);

        Assert.Equal(0, fixture.Counters.CallsOverLimit);
        Assert.Equal(0, fixture.Counters.CallsWhileThrottled);
    }

    [Theory]
    [InlineData("""{"Hours":"two"}""", "Hours")]
    [InlineData("""{"TaskId":"12x"}""", "TaskId")]
    [InlineData("""{"TaskId":1.5}""", "TaskId")]
    public async Task A_string_that_is_not_a_number_is_still_a_400_naming_the_property(string body, string property)
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        // The caller's token is confirmed with Harvest once (users/me) and then cached: make that call before counting.
        Assert.NotNull(await fixture.GetAsync("/odata/Company"));
        long calls = fixture.Counters.Calls;
        using var response = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", fixture.Sandbox.Administrator, body);
        var error = await WriteFixture.JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(property, error.Target());
        Assert.Equal(calls, fixture.Counters.Calls);
    }

    [Fact]
    public async Task Two_writes_within_one_second_give_two_etags_and_If_Match_tells_them_apart()
    {
        var admin = fixture.Sandbox.Administrator;
        // Harvest's updated_at has whole seconds; a pair of PATCHes that straddles a second boundary shows nothing, so
        // the pair is repeated until one lands within one second (almost always the first).
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var entry = fixture.Sandbox.Data.OpenEntry(e => e["notes"] as string != "First of two");
            using var first = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", admin, """{"Notes":"First of two"}""");
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            var firstStamp = (DateTimeOffset)fixture.Sandbox.Data.Find("time_entries", entry.Id)!["updated_at"]!;
            using var second = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", admin, """{"Notes":"Second of two"}""");
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
            var secondStamp = (DateTimeOffset)fixture.Sandbox.Data.Find("time_entries", entry.Id)!["updated_at"]!;
            if (Math.Floor(firstStamp.ToUnixTimeMilliseconds() / 1000.0) != Math.Floor(secondStamp.ToUnixTimeMilliseconds() / 1000.0))
                continue;

            string before = first.Headers.ETag!.ToString(), after = second.Headers.ETag!.ToString();
            Assert.NotEqual(before, after);
            using var read = await fixture.SendAsync(HttpMethod.Get, $"/odata/TimeEntries({entry.Id})", admin);
            Assert.Equal(after, read.Headers.ETag?.ToString());

            using (var stale = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", admin, """{"Notes":"Over the second"}""", ("If-Match", before)))
                Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            Assert.Equal("Second of two", fixture.Sandbox.Data.Find("time_entries", entry.Id)!["notes"]);
            using (var current = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", admin, """{"Notes":"Third"}""", ("If-Match", after)))
                Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
            Assert.Equal("Third", fixture.Sandbox.Data.Find("time_entries", entry.Id)!["notes"]);
            Assert.Equal(0, fixture.Counters.CallsOverLimit);
            Assert.Equal(0, fixture.Counters.CallsWhileThrottled);
            return;
        }
        Assert.Fail("No pair of writes landed within one second of the sandbox's clock in 5 attempts.");
    }
}

public sealed class StrictClientWriteTestsOnSqlite(WriteFixture fixture) : StrictClientWriteTests(fixture), IClassFixture<WriteFixture>;

public sealed class StrictClientWriteTestsOnPostgres(PostgresWriteFixture fixture) : StrictClientWriteTests(fixture), IClassFixture<PostgresWriteFixture>;
