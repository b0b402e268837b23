using System.Net;
using HarvestOData.Server.Auth;
using HarvestOData.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace HarvestOData.Server.Tests.Auth;

/// <summary>A client presenting token after refused token is turned away with 429 before it costs more lookups.</summary>
[Collection(ODataCollection.Name)]
public sealed class FailedAuthenticationLimitTests(ODataFixture fixture)
{
    private Task<HttpContext> Get(string address, string token) =>
        fixture.Factory.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/odata/Clients";
            context.Request.Headers.Authorization = "Bearer " + token;
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });

    [Fact]
    public async Task After_too_many_refused_tokens_a_client_gets_429_with_retry_after_while_others_and_known_tokens_still_pass()
    {
        for (int i = 0; i < FailedAuthentications.MaxFailures; i++)
            Assert.Equal(401, (await Get("10.1.0.1", $"1.pt.refused-{i}")).Response.StatusCode);

        var refused = await Get("10.1.0.1", "1.pt.one-more");
        Assert.Equal(429, refused.Response.StatusCode);
        Assert.True(int.Parse(refused.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(401, (await Get("10.1.0.2", "1.pt.someone-else")).Response.StatusCode);
        // A token already confirmed is never held back, even from the flooding address.
        Assert.Equal(200, (await Get("10.1.0.2", fixture.Sandbox.Member.Token)).Response.StatusCode);
        Assert.Equal(200, (await Get("10.1.0.1", fixture.Sandbox.Member.Token)).Response.StatusCode);
    }

    [Fact]
    public void Requests_joining_a_check_already_under_way_are_never_held_back_but_a_third_unknown_token_waits()
    {
        var failures = new FailedAuthentications(new HarvestOData.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var address = IPAddress.Parse("10.9.8.7");
        // Fifty connections of one Power BI refresh arrive together with a token whose confirmation just expired.
        var checks = Enumerable.Range(0, 50).Select(_ => failures.Checking(address, "refresh-token")).ToList();
        Assert.Null(failures.RetryAfter(address, "refresh-token"));
        using var second = failures.Checking(address, "second-token");
        Assert.Null(failures.RetryAfter(address, "second-token"));
        Assert.Equal(TimeSpan.FromSeconds(1), failures.RetryAfter(address, "third-token"));
        checks.ForEach(c => c.Dispose());
        Assert.Null(failures.RetryAfter(address, "third-token"));
    }
}
