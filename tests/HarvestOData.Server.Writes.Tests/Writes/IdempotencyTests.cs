using System.Net;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>A retried POST with the same Idempotency-Key creates one record, not two.</summary>
public abstract class IdempotencyTests(WriteFixture fixture)
{
    [Fact]
    public async Task A_retried_post_with_the_same_key_creates_one_record()
    {
        var admin = fixture.Sandbox.Administrator;
        const string body = """{"Name":"Once Only Ltd"}""";
        using var first = await fixture.PostAsync("/odata/Clients", admin, body, ("Idempotency-Key", "create-once-only-1"));
        using var retry = await fixture.PostAsync("/odata/Clients", admin, body, ("Idempotency-Key", "create-once-only-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Single(fixture.Sandbox.Data.Rows("clients"), c => (string?)c["name"] == "Once Only Ltd");
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        var admin = fixture.Sandbox.Administrator;
        using var first = await fixture.PostAsync("/odata/Clients", admin, """{"Name":"Key Holder Ltd"}""", ("Idempotency-Key", "reused-key"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var other = await fixture.PostAsync("/odata/Clients", admin, """{"Name":"Someone Else Ltd"}""", ("Idempotency-Key", "reused-key"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.DoesNotContain(fixture.Sandbox.Data.Rows("clients"), c => (string?)c["name"] == "Someone Else Ltd");
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        var data = fixture.Sandbox.Data;
        var (project, task) = data.WorkFor(fixture.Sandbox.Member.UserId);
        string today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string body = $$"""{"ProjectId":{{project}},"TaskId":{{task}},"SpentDate":"{{today}}","Hours":1,"Notes":"Shared key"}""";
        using var mine = await fixture.PostAsync("/odata/TimeEntries", fixture.Sandbox.Member, body, ("Idempotency-Key", "shared-key"));
        using var theirs = await fixture.PostAsync("/odata/TimeEntries", fixture.Sandbox.Administrator, body, ("Idempotency-Key", "shared-key"));
        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(mine.Headers.Location, theirs.Headers.Location);
    }
}

public sealed class IdempotencyTestsOnSqlite(WriteFixture fixture) : IdempotencyTests(fixture), IClassFixture<WriteFixture>;

public sealed class IdempotencyTestsOnPostgres(PostgresWriteFixture fixture) : IdempotencyTests(fixture), IClassFixture<PostgresWriteFixture>;
