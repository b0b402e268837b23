using System.Net;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// What Harvest does to other rows shows in the mirror within the same request (a project delete takes its time, expenses
/// and assignments), Prefer is honoured, and If-Match guards against writing over a change made in Harvest meanwhile.
/// </summary>
public abstract class ReadYourWritesTests(WriteFixture fixture)
{
    [Fact]
    public async Task Deleting_a_project_removes_its_time_expenses_and_assignments_from_the_mirror()
    {
        var data = fixture.Sandbox.Data;
        long project = data.Rows("projects")
            .Where(p => data.Rows("time_entries").Any(e => e.Ref("project_id") == p.Id) && data.Rows("expenses").Any(e => e.Ref("project_id") == p.Id))
            .Select(p => p.Id).First();
        foreach (string table in new[] { "time_entries", "expenses", "task_assignments", "user_assignments" })
            Assert.True(await fixture.MirrorCountAsync(table, "project_id", project) > 0, table);

        using var deleted = await fixture.DeleteAsync($"/odata/Projects({project})", fixture.Sandbox.Administrator);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Null(data.Find("projects", project));
        foreach (string table in new[] { "time_entries", "expenses", "task_assignments", "user_assignments" })
        {
            Assert.Equal(0, await fixture.MirrorCountAsync(table, "project_id", project));
            Assert.DoesNotContain(data.Rows(table), r => r.Ref("project_id") == project);
        }
        Assert.Null(await fixture.GetAsync($"/odata/Projects({project})"));
        using var feed = await fixture.SendAsync(HttpMethod.Get, $"/odata/TimeEntries/$count?$filter=ProjectId eq {project}", fixture.Sandbox.Administrator);
        Assert.Equal("0", await feed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Prefer_return_minimal_answers_204_with_the_location()
    {
        using var created = await fixture.PostAsync("/odata/Clients", fixture.Sandbox.Administrator, """{"Name":"Minimal Ltd"}""", ("Prefer", "return=minimal"));
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Equal("return=minimal", created.Headers.GetValues("Preference-Applied").Single());
        string location = created.Headers.Location!.ToString();
        Assert.Equal(location, created.Headers.GetValues("OData-EntityId").Single());
        Assert.Equal("Minimal Ltd", (await fixture.GetAsync(location))!.Value.Str("Name"));
    }

    [Fact]
    public async Task A_patch_with_a_stale_If_Match_changes_nothing()
    {
        var admin = fixture.Sandbox.Administrator;
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        var read = (await fixture.GetAsync($"/odata/TimeEntries({entry.Id})"))!.Value;
        string etag = read.GetProperty("@odata.etag").GetString()!;

        // Someone changes the entry in Harvest after it was read (a later second, so its updated_at moves).
        fixture.SandboxTime.Advance(TimeSpan.FromSeconds(2));
        fixture.Sandbox.Data.Update("time_entries", entry.Id, new Dictionary<string, object?> { ["notes"] = "Changed in Harvest" });
        string checksum = await fixture.Mirror.ChecksumAsync();

        using var stale = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", admin, """{"Notes":"Overwrite"}""", ("If-Match", etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Changed in Harvest", fixture.Sandbox.Data.Find("time_entries", entry.Id)!["notes"]);
        Assert.Equal(checksum, await fixture.Mirror.ChecksumAsync());
        using var staleDelete = await fixture.DeleteAsync($"/odata/TimeEntries({entry.Id})", admin, ("If-Match", etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.NotNull(fixture.Sandbox.Data.Find("time_entries", entry.Id));

        var current = fixture.Sandbox.Data.Find("time_entries", entry.Id)!;
        // A tag is Harvest's updated_at and the mirror's row version (unchanged: the mirror has not seen the change).
        string version = etag[(etag.IndexOf(';', StringComparison.Ordinal) + 1)..^1];
        string fresh = $"W/\"{((DateTimeOffset)current["updated_at"]!).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'};{version}\"";
        using (var matching = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", admin, """{"Notes":"With the current tag"}""", ("If-Match", fresh)))
            Assert.Equal(HttpStatusCode.NoContent, matching.StatusCode);
        using (var any = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", admin, """{"Notes":"Whatever it is now"}""", ("If-Match", "*")))
            Assert.Equal(HttpStatusCode.NoContent, any.StatusCode);
        Assert.Equal("Whatever it is now", (await fixture.GetAsync($"/odata/TimeEntries({entry.Id})"))!.Value.Str("Notes"));
    }

    [Fact]
    public async Task A_patch_answers_the_new_etag()
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        fixture.SandboxTime.Advance(TimeSpan.FromSeconds(2));
        using var patched = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", fixture.Sandbox.Administrator, """{"Notes":"Tagged"}""");
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        string etag = patched.Headers.ETag!.ToString();
        Assert.Equal(etag, (await fixture.GetAsync($"/odata/TimeEntries({entry.Id})"))!.Value.GetProperty("@odata.etag").GetString());
        using var again = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", fixture.Sandbox.Administrator, """{"Notes":"Tagged again"}""", ("If-Match", etag));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }
}

public sealed class ReadYourWritesTestsOnSqlite(WriteFixture fixture) : ReadYourWritesTests(fixture), IClassFixture<WriteFixture>;

public sealed class ReadYourWritesTestsOnPostgres(PostgresWriteFixture fixture) : ReadYourWritesTests(fixture), IClassFixture<PostgresWriteFixture>;
