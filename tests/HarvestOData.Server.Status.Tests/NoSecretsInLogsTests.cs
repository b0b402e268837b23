using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HarvestOData.Server.Logging;
using HarvestOData.Server.Status.Tests.Support;

namespace HarvestOData.Server.Status.Tests;

/// <summary>
/// Everything the server logs — at Trace, every category, messages, structured values, scopes and exceptions — while
/// it mirrors the sandbox and answers OData and status requests with Basic and Bearer tokens (and a token smuggled
/// in the query string), never contains a token; and the lines the operator relies on are there.
/// </summary>
[Collection(ServerFixtureCollection.Name)]
public sealed class NoSecretsInLogsTests
{
    [Fact]
    public async Task No_token_reaches_the_logs_while_the_server_syncs_and_answers_authenticated_requests()
    {
        var logs = new LogCapture();
        var sandbox = StatusServer.NewSandbox();
        const string refused = "42.pt.this-token-harvest-does-not-know";
        const string opaque = "opaqueSecretOutsideAnyPattern42";   // an OAuth token or API key: no token pattern catches it
        string[] secrets = [sandbox.Administrator.Token, sandbox.Manager.Token, sandbox.Member.Token, refused, opaque,
            Base64(":" + sandbox.Member.Token), Base64("excel:" + sandbox.Administrator.Token)];
        await using (var server = new StatusServer(sandbox, logs: logs))
        {
            await server.WaitUntilReadyAsync();
            await SendAsync(server, "/odata/Projects?$top=3", "Bearer " + sandbox.Administrator.Token, HttpStatusCode.OK);
            await SendAsync(server, "/odata/TimeEntries?$top=2", "Basic " + Base64(":" + sandbox.Member.Token), HttpStatusCode.OK);
            await SendAsync(server, "/odata/Clients?api_key=" + sandbox.Manager.Token, null, HttpStatusCode.BadRequest);
            await SendAsync(server, "/odata/Clients", "Bearer " + refused, HttpStatusCode.Unauthorized);
            foreach (string name in new[] { "key", "auth", "bearer" })
                await SendAsync(server, $"/odata/Projects?$top=1&{name}={opaque}", "Bearer " + sandbox.Administrator.Token, null);
            await SendAsync(server, "/", "Basic " + Base64("excel:" + sandbox.Administrator.Token), HttpStatusCode.OK);
            await SendAsync(server, "/status?access_token=" + sandbox.Administrator.Token, null, HttpStatusCode.BadRequest);
            await SendAsync(server, "/status", "Bearer " + sandbox.Member.Token, HttpStatusCode.Forbidden);
            // A pass whose calls fail after retries: the failure is logged with its exception.
            sandbox.Faults.ServerErrors(1000);
            using (var sync = server.Request(HttpMethod.Post, "/status/sync/roles", "Bearer " + sandbox.Administrator.Token))
                Assert.Equal(HttpStatusCode.Accepted, (await server.Http.SendAsync(sync)).StatusCode);
            await WaitForAsync(() => logs.Lines(PassLog.Category).Any(l => l.Contains("resource=roles", StringComparison.Ordinal) && l.Contains("outcome=failed", StringComparison.Ordinal)));
            sandbox.Faults.Clear();
        }

        var entries = logs.Entries;
        Assert.NotEmpty(entries);
        foreach (string secret in secrets)
            Assert.DoesNotContain(entries, e => e.Text.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(logs.Lines(RequestLog.Category), l => l.Contains("path=/odata/Clients query=api_key=*** status=400", StringComparison.Ordinal));
        Assert.Contains(logs.Lines(RequestLog.Category), l => l.Contains("path=/odata/Projects query=$top=3 status=200", StringComparison.Ordinal)
            && l.Contains(" rows=3", StringComparison.Ordinal));
        Assert.Contains(logs.Lines(PassLog.Category), l => l.StartsWith("sync pass resource=time_entries kind=full outcome=done rows=3000 pages=2 calls=", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Text.Contains("HarvestApiException", StringComparison.Ordinal));
    }

    private static async Task SendAsync(StatusServer server, string path, string? authorization, HttpStatusCode? expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var response = await server.Http.SendAsync(request);
        if (expected is not null)
            Assert.Equal(expected, response.StatusCode);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!condition())
            await Task.Delay(100, patience.Token);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
