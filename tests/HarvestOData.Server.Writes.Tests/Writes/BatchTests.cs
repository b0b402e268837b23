using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// $batch in JSON and multipart form: change sets stop at their first failure (completed writes are not rolled back,
/// Harvest has no transactions), $id references, reads inside a batch, and respond-async with a status monitor.
/// </summary>
public abstract class BatchTests(WriteFixture fixture)
{
    private static IEnumerable<JsonElement> Responses(JsonElement batch) => batch.GetProperty("responses").EnumerateArray();

    [Fact]
    public async Task A_change_set_stops_at_its_first_failure_and_keeps_what_Harvest_did()
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        string batch = $$$"""
            {"requests":[
              {"id":"a","atomicityGroup":"g","method":"POST","url":"Clients","body":{"Name":"Kept Ltd"}},
              {"id":"b","atomicityGroup":"g","method":"PATCH","url":"TimeEntries({{{entry.Id}}})","body":{"Hours":99}},
              {"id":"c","atomicityGroup":"g","method":"POST","url":"Clients","body":{"Name":"Never Ltd"}}]}
            """;
        using var response = await fixture.PostAsync("/odata/$batch", fixture.Sandbox.Administrator, batch);
        var answers = Responses(await WriteFixture.JsonAsync(response, HttpStatusCode.OK)).ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(201, answers["a"].GetProperty("status").GetInt32());
        Assert.Equal(400, answers["b"].GetProperty("status").GetInt32());
        Assert.Equal("Hours must be between 0 and 24", answers["b"].GetProperty("body").Error());
        Assert.Equal(424, answers["c"].GetProperty("status").GetInt32());
        Assert.Single(fixture.Sandbox.Data.Rows("clients"), c => (string?)c["name"] == "Kept Ltd");
        Assert.DoesNotContain(fixture.Sandbox.Data.Rows("clients"), c => (string?)c["name"] == "Never Ltd");
        long kept = answers["a"].GetProperty("body").Long("Id");
        Assert.Equal("Kept Ltd", (await fixture.GetAsync($"/odata/Clients({kept})"))!.Value.Str("Name"));
    }

    [Fact]
    public async Task Later_requests_refer_to_earlier_results_and_reads_run_inside_the_batch()
    {
        string batch = """
            {"requests":[
              {"id":"1","method":"POST","url":"/odata/Clients","body":{"Name":"Referenced Ltd"}},
              {"id":"2","dependsOn":["1"],"method":"PATCH","url":"$1","headers":{"Prefer":"return=representation"},"body":{"Address":"1 Batch Street"}},
              {"id":"3","dependsOn":["2"],"method":"GET","url":"$1?$select=Name,Address"}]}
            """;
        using var response = await fixture.PostAsync("/odata/$batch", fixture.Sandbox.Administrator, batch);
        var answers = Responses(await WriteFixture.JsonAsync(response, HttpStatusCode.OK)).ToList();
        Assert.Equal([201, 200, 200], answers.Select(a => a.GetProperty("status").GetInt32()));
        Assert.Equal("1 Batch Street", answers[1].GetProperty("body").Str("Address"));
        Assert.Equal("1 Batch Street", answers[2].GetProperty("body").Str("Address"));
        long id = answers[0].GetProperty("body").Long("Id");
        Assert.Equal("1 Batch Street", fixture.Sandbox.Data.Find("clients", id)!["address"]);
    }

    [Fact]
    public async Task A_multipart_batch_reads_and_writes_in_order()
    {
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        string body = string.Join("\r\n",
            "--batch_1", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
            $"GET TimeEntries({entry.Id})?$select=Id HTTP/1.1", "Accept: application/json", "", "",
            "--batch_1", "Content-Type: multipart/mixed; boundary=changeset_1", "",
            "--changeset_1", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "Content-ID: 1", "",
            $"PATCH TimeEntries({entry.Id}) HTTP/1.1", "Content-Type: application/json", "", """{"Notes":"Multipart edit"}""",
            "--changeset_1--", "--batch_1--", "");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/odata/$batch") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch_1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Sandbox.Administrator.Token);
        using var response = await fixture.Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.StartsWith("multipart/mixed", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("HTTP/1.1 200 OK", text);
        Assert.Contains("HTTP/1.1 204 No Content", text);
        Assert.Equal("Multipart edit", fixture.Sandbox.Data.Find("time_entries", entry.Id)!["notes"]);
    }

    [Fact]
    public async Task A_respond_async_batch_is_followed_through_its_status_monitor()
    {
        var admin = fixture.Sandbox.Administrator;
        var requests = Enumerable.Range(1, 20).Select(i => $$$"""{"id":"{{{i}}}","method":"POST","url":"Clients","body":{"Name":"Async {{{i}}} Ltd"}}""");
        using var accepted = await fixture.PostAsync("/odata/$batch", admin, "{\"requests\":[" + string.Join(",", requests) + "]}", ("Prefer", "respond-async"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("respond-async", accepted.Headers.GetValues("Preference-Applied").Single());
        string monitor = accepted.Headers.Location!.PathAndQuery;
        Assert.StartsWith("/odata/$batch-status/", monitor);

        using (var stranger = await fixture.SendAsync(HttpMethod.Get, monitor, fixture.Sandbox.Member))
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        HttpResponseMessage status;
        int polls = 0;
        while (true)
        {
            status = await fixture.SendAsync(HttpMethod.Get, monitor, admin);
            if (status.StatusCode != HttpStatusCode.Accepted)
                break;
            var progress = await WriteFixture.JsonAsync(status);
            Assert.Equal(20, progress.GetProperty("total").GetInt32());
            status.Dispose();
            Assert.True(++polls < 600, "the batch never finished");
            await Task.Delay(50);
        }
        using (status)
        {
            var answers = Responses(await WriteFixture.JsonAsync(status, HttpStatusCode.OK)).ToList();
            Assert.Equal(20, answers.Count);
            Assert.All(answers, a => Assert.Equal(201, a.GetProperty("status").GetInt32()));
        }
        Assert.Equal(20, fixture.Sandbox.Data.Rows("clients").Count(c => ((string?)c["name"])?.StartsWith("Async ", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_malformed_batch_is_refused_without_calling_Harvest()
    {
        Assert.NotNull(await fixture.GetAsync("/odata/Company"));
        long calls = fixture.Counters.Calls;
        foreach (string batch in new[] { "{", """{"requests":{}}""", """{"requests":[{"id":"1","url":"Clients"}]}""",
                     """{"requests":[{"id":"1","method":"POST","url":"Clients","dependsOn":["9"]}]}""" })
        {
            using var response = await fixture.PostAsync("/odata/$batch", fixture.Sandbox.Administrator, batch);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.Equal(calls, fixture.Counters.Calls);
    }
}

public sealed class BatchTestsOnSqlite(WriteFixture fixture) : BatchTests(fixture), IClassFixture<WriteFixture>;

public sealed class BatchTestsOnPostgres(PostgresWriteFixture fixture) : BatchTests(fixture), IClassFixture<PostgresWriteFixture>;
