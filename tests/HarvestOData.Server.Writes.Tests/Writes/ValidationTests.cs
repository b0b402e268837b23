using System.Globalization;
using System.Net;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// Bodies are read strictly against the served model and the catalog's write modes: a bad one is a 400 naming the
/// property, and Harvest is never called. Harvest's own validation errors come back as 400 with Harvest's message.
/// </summary>
public abstract class ValidationTests(WriteFixture fixture)
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string NewEntry(string extra)
    {
        var (project, task) = fixture.Sandbox.Data.WorkFor(fixture.Sandbox.Administrator.UserId);
        return $$"""{"ProjectId":{{project}},"TaskId":{{task}},"SpentDate":"{{Today}}"{{extra}}}""";
    }

    [Theory]
    [InlineData("""{"Colour":"red"}""", "Colour")]
    [InlineData("""{"IsRunning":true}""", "IsRunning")]
    [InlineData("""{"CreatedAt":"2024-01-01T00:00:00Z"}""", "CreatedAt")]
    [InlineData("""{"Hours":"lots"}""", "Hours")]
    // A quoted number is an Int64 like any other (the SAP Cloud SDK sends ids so); a string of no number is not.
    [InlineData("""{"ProjectId":"twelve"}""", "ProjectId")]
    [InlineData("""{"SpentDate":"2024-13-45"}""", "SpentDate")]
    [InlineData("""{"SpentDate":null}""", "SpentDate")]
    [InlineData("""{"Billable":"yes"}""", "Billable")]
    [InlineData("""{"UserId":5}""", "UserId")]
    [InlineData("""{"Id":1}""", "Id")]
    public async Task A_bad_patch_is_refused_naming_the_property_without_calling_Harvest(string body, string property)
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        await AssertRefusedAsync(() => fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", fixture.Sandbox.Administrator, body), property);
        Assert.Equal(entry["updated_at"], fixture.Sandbox.Data.Find("time_entries", entry.Id)!["updated_at"]);
    }

    [Theory]
    [InlineData("SpentDate")]
    [InlineData("ProjectId")]
    [InlineData("TaskId")]
    public async Task A_create_without_a_required_property_is_refused_naming_it(string missing)
    {
        var (project, task) = fixture.Sandbox.Data.WorkFor(fixture.Sandbox.Administrator.UserId);
        var properties = new Dictionary<string, string> { ["ProjectId"] = $"{project}", ["TaskId"] = $"{task}", ["SpentDate"] = $"\"{Today}\"", ["Hours"] = "1" };
        properties.Remove(missing);
        string body = "{" + string.Join(",", properties.Select(p => $"\"{p.Key}\":{p.Value}")) + "}";
        int before = fixture.Sandbox.Data.Count("time_entries");
        await AssertRefusedAsync(() => fixture.PostAsync("/odata/TimeEntries", fixture.Sandbox.Administrator, body), missing);
        Assert.Equal(before, fixture.Sandbox.Data.Count("time_entries"));
    }

    [Fact]
    public async Task A_create_setting_a_read_only_property_is_refused()
    {
        await AssertRefusedAsync(() => fixture.PostAsync("/odata/TimeEntries", fixture.Sandbox.Administrator, NewEntry(",\"Hours\":1,\"IsLocked\":true")), "IsLocked");
        await AssertRefusedAsync(() => fixture.PostAsync("/odata/Clients", fixture.Sandbox.Administrator, """{"Id":77,"Name":"X"}"""), "Id");
    }

    [Fact]
    public async Task A_line_item_without_its_kind_is_refused_naming_it()
    {
        long client = fixture.Sandbox.Data.Rows("clients")[0].Id;
        await AssertRefusedAsync(() => fixture.PostAsync("/odata/Invoices", fixture.Sandbox.Administrator,
            $$"""{"ClientId":{{client}},"InvoiceLineItems":[{"Quantity":1}]}"""), "InvoiceLineItems[0]/Kind");
    }

    [Fact]
    public async Task A_4_01_removed_entry_without_an_id_is_refused_not_read_as_a_change()
    {
        var invoice = fixture.Sandbox.Data.Invoice(i => i.Children.GetValueOrDefault("invoice_line_items")?.Count > 0);
        long item = invoice.Children["invoice_line_items"][0].Id;
        await AssertRefusedAsync(() => fixture.SendAsync(HttpMethod.Patch, $"/odata/Invoices({invoice.Id})", fixture.Sandbox.Administrator,
            $$"""{"InvoiceLineItems@delta":[{"@removed":{"reason":"deleted"},"Id":{{item}}}]}""", ("OData-Version", "4.01")), null);
        Assert.Contains(item, fixture.Sandbox.Data.Find("invoices", invoice.Id)!.Children["invoice_line_items"].Select(i => i.Id));
    }

    [Theory]
    [InlineData("""{"Hours":1""")]
    [InlineData("""[{"Hours":1}]""")]
    [InlineData("")]
    [InlineData("""{"Hours":1,"Hours":2}""")]
    public async Task A_malformed_body_is_refused_without_calling_Harvest(string body)
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        await AssertRefusedAsync(() => fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", fixture.Sandbox.Administrator, body), null);
    }

    [Fact]
    public async Task Harvests_validation_message_comes_back_as_a_400()
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        using var response = await fixture.PatchAsync($"/odata/TimeEntries({entry.Id})", fixture.Sandbox.Administrator, """{"Hours":30}""");
        var error = await WriteFixture.JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Hours must be between 0 and 24", error.Error());
        Assert.Equal(entry["hours"], fixture.Sandbox.Data.Find("time_entries", entry.Id)!["hours"]);
        Assert.Equal(entry["hours"], (await fixture.GetAsync($"/odata/TimeEntries({entry.Id})"))!.Value.Dec("Hours"));
    }

    [Fact]
    public async Task Methods_and_targets_that_write_nothing_are_refused()
    {
        var admin = fixture.Sandbox.Administrator;
        await WarmUpAsync();
        long calls = fixture.Counters.Calls;
        using (var put = await fixture.SendAsync(HttpMethod.Put, "/odata/Clients(1)", admin, """{"Name":"x"}"""))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        using (var post = await fixture.PostAsync("/odata/Clients(1)", admin, """{"Name":"x"}"""))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        using (var patch = await fixture.PatchAsync("/odata/InvoiceMessages(1)", admin, """{"Subject":"x"}"""))
            Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);
        using (var unknown = await fixture.PostAsync("/odata/Widgets", admin, "{}"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var text = await fixture.SendAsync(HttpMethod.Post, "/odata/Clients", admin))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        using (var anonymous = await fixture.SendAsync(HttpMethod.Post, "/odata/Clients", null, """{"Name":"x"}"""))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(calls, fixture.Counters.Calls);
    }

    private async Task WarmUpAsync()
    {
        // The caller's token is confirmed with Harvest once (users/me) and then cached: make that call before counting.
        Assert.NotNull(await fixture.GetAsync("/odata/Company"));
    }

    [Fact]
    public async Task An_empty_patch_of_an_entity_that_does_not_exist_or_is_out_of_sight_is_a_404()
    {
        await WarmUpAsync();
        using (var read = await fixture.SendAsync(HttpMethod.Get, "/odata/TimeEntries?$top=1", fixture.Sandbox.Member))
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);   // the member's token is verified before counting
        long calls = fixture.Counters.Calls;
        using (var missing = await fixture.PatchAsync("/odata/TimeEntries(987654321)", fixture.Sandbox.Administrator, "{}"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var others = fixture.Sandbox.Data.OpenEntry(e => e["user_id"] is long user && user != fixture.Sandbox.Member.UserId);
        using (var hidden = await fixture.PatchAsync($"/odata/TimeEntries({others.Id})", fixture.Sandbox.Member, "{}"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var own = fixture.Sandbox.Data.OpenEntry(e => e["user_id"] is long user && user == fixture.Sandbox.Member.UserId);
        using (var seen = await fixture.PatchAsync($"/odata/TimeEntries({own.Id})", fixture.Sandbox.Member, "{}"))
            Assert.Equal(HttpStatusCode.NoContent, seen.StatusCode);
        // At most a lookup for each entity the mirror does not show; nothing is written.
        Assert.True(fixture.Counters.Calls - calls <= 2, $"{fixture.Counters.Calls - calls} calls");
        Assert.Equal(own["updated_at"], fixture.Sandbox.Data.Find("time_entries", own.Id)!["updated_at"]);
        Assert.Equal(0, fixture.Counters.CallsOverLimit);
        Assert.Equal(0, fixture.Counters.CallsWhileThrottled);
    }

    [Fact]
    public async Task A_write_asking_for_a_deeper_expand_than_reads_allow_is_refused_before_Harvest()
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        // Reads stop at three levels of $expand (QueryLimits.MaxExpansionDepth); a write's returned representation is a read.
        string tooDeep = "$expand=Project($expand=Client($expand=Projects($expand=Client)))";
        await AssertRefusedAsync(() => fixture.PatchAsync($"/odata/TimeEntries({entry.Id})?{tooDeep}", fixture.Sandbox.Administrator, """{"Notes":"deep"}"""), null);
        Assert.Equal(entry["updated_at"], fixture.Sandbox.Data.Find("time_entries", entry.Id)!["updated_at"]);
        using var read = await fixture.SendAsync(HttpMethod.Get, $"/odata/TimeEntries({entry.Id})?{tooDeep}", fixture.Sandbox.Administrator);
        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
    }

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, string? property)
    {
        await WarmUpAsync();
        long calls = fixture.Counters.Calls;
        using var response = await send();
        var error = await WriteFixture.JsonAsync(response, HttpStatusCode.BadRequest);
        if (property is not null)
        {
            Assert.Equal(property, error.Target());
            Assert.Contains(property.Split('/')[^1], error.Error());
        }
        Assert.Equal(calls, fixture.Counters.Calls);
    }
}

public sealed class ValidationTestsOnSqlite(WriteFixture fixture) : ValidationTests(fixture), IClassFixture<WriteFixture>;

public sealed class ValidationTestsOnPostgres(PostgresWriteFixture fixture) : ValidationTests(fixture), IClassFixture<PostgresWriteFixture>;
