using System.Net;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>Writes go to Harvest with the caller's own token, so Harvest's permissions hold, and a refusal changes nothing anywhere.</summary>
public abstract class PermissionTests(WriteFixture fixture)
{
    [Fact]
    public async Task A_member_writing_another_users_time_entry_gets_403_and_nothing_changes()
    {
        var member = fixture.Sandbox.Member;
        var entry = fixture.Sandbox.Data.OpenEntry(e => e.Ref("user_id") != member.UserId);
        string checksum = await fixture.Mirror.ChecksumAsync();

        using (var patch = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", member, """{"Notes":"Not mine"}"""))
            Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        using (var delete = await fixture.DeleteAsync($"/odata/TimeEntries({entry.Id})", member))
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);

        var now = fixture.Sandbox.Data.Find("time_entries", entry.Id)!;
        Assert.Equal(entry["notes"], now["notes"]);
        Assert.Equal(entry["updated_at"], now["updated_at"]);
        Assert.Equal(checksum, await fixture.Mirror.ChecksumAsync());
    }

    [Fact]
    public async Task A_member_edits_their_own_time_entry()
    {
        var member = fixture.Sandbox.Member;
        var entry = fixture.Sandbox.Data.OpenEntry(e => e.Ref("user_id") == member.UserId);
        using var patch = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", member, """{"Notes":"My own words"}""");
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal("My own words", fixture.Sandbox.Data.Find("time_entries", entry.Id)!["notes"]);
        Assert.Equal("My own words", (await fixture.GetAsync($"/odata/TimeEntries({entry.Id})", member))!.Value.Str("Notes"));
    }

    [Fact]
    public async Task A_manager_edits_time_on_a_managed_project_but_not_elsewhere()
    {
        var manager = fixture.Sandbox.Manager;
        var managed = fixture.Sandbox.Data.ManagedBy(manager.UserId);
        var mine = fixture.Sandbox.Data.OpenEntry(e => e.Ref("user_id") != manager.UserId && managed.Contains(e.Ref("project_id")));
        using (var patch = await fixture.PatchAsync($"/odata/TimeEntries({mine.Id})", manager, """{"Notes":"Reviewed by the PM"}""", ("Prefer", "return=representation")))
        {
            var served = await WriteFixture.JsonAsync(patch, HttpStatusCode.OK);
            Assert.Equal("Reviewed by the PM", served.Str("Notes"));
        }
        Assert.Equal("Reviewed by the PM", fixture.Sandbox.Data.Find("time_entries", mine.Id)!["notes"]);

        var other = fixture.Sandbox.Data.Rows("time_entries").Last(e => e.Ref("user_id") != manager.UserId && !managed.Contains(e.Ref("project_id")));
        using var refused = await fixture.PatchAsync($"/odata/TimeEntries({other.Id})", manager, """{"Notes":"Not my project"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(other["notes"], fixture.Sandbox.Data.Find("time_entries", other.Id)!["notes"]);
    }

    [Fact]
    public async Task A_member_cannot_create_clients_and_nothing_is_created()
    {
        int before = fixture.Sandbox.Data.Count("clients");
        using var post = await fixture.PostAsync("/odata/Clients", fixture.Sandbox.Member, """{"Name":"Member's client"}""");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, fixture.Sandbox.Data.Count("clients"));
    }
}

public sealed class PermissionTestsOnSqlite(WriteFixture fixture) : PermissionTests(fixture), IClassFixture<WriteFixture>;

public sealed class PermissionTestsOnPostgres(PostgresWriteFixture fixture) : PermissionTests(fixture), IClassFixture<PostgresWriteFixture>;
