using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.Auth;

/// <summary>Callers bring their own Harvest token: Bearer, or Basic with the token as password; never in the URL.</summary>
[Collection(ODataCollection.Name)]
public sealed class AuthenticationTests(ODataFixture fixture)
{
    private async Task<HttpResponseMessage> Send(string url, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        return await fixture.Client.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    [Theory]
    [InlineData("/odata/")]
    [InlineData("/odata/$metadata")]
    [InlineData("/odata/TimeEntries")]
    public async Task Missing_credentials_get_401_with_a_basic_challenge_and_an_odata_error(string url)
    {
        using var response = await Send(url, null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"HarvestOData\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("\"error\":{\"code\":\"Unauthorized\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_harvest_refuses_gets_401()
    {
        using var bearer = await Send("/odata/TimeEntries", new AuthenticationHeaderValue("Bearer", "1.pt.not-a-real-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
        using var basic = await Send("/odata/TimeEntries", Basic("", "nope"));
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        using var garbage = await Send("/odata/TimeEntries", new AuthenticationHeaderValue("Basic", "%%%not-base64"));
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("ünïcode")]
    [InlineData("nul\0byte")]
    public async Task A_password_that_cannot_be_a_harvest_token_gets_401_not_a_server_error(string password)
    {
        using var response = await Send("/odata/TimeEntries", Basic("", password));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Basic_with_the_token_as_password_and_any_or_empty_user_name_works()
    {
        string token = fixture.Sandbox.Member.Token;
        foreach (var header in new[] { Basic("", token), Basic("excel-user", token), new AuthenticationHeaderValue("Bearer", token) })
        {
            using var response = await Send("/odata/TimeEntries/$count", header);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(fixture.Expected.Visible("time_entries", fixture.Sandbox.Member).Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("access_token")]
    [InlineData("api_key")]
    [InlineData("token")]
    [InlineData("API_KEY")]
    public async Task Tokens_in_the_query_string_are_refused_with_400(string name)
    {
        using var response = await Send($"/odata/TimeEntries?{name}={fixture.Sandbox.Administrator.Token}", new AuthenticationHeaderValue("Bearer", fixture.Sandbox.Administrator.Token));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("not accepted in the URL", body, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Sandbox.Administrator.Token, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_checked_with_harvest_once_and_then_cached()
    {
        string token = fixture.Sandbox.Manager.Token;
        using (await Send("/odata/Projects/$count", new AuthenticationHeaderValue("Bearer", token)))
        {
        }
        long before = fixture.Sandbox.Counters.Calls;
        for (int i = 0; i < 5; i++)
        {
            using var response = await Send("/odata/Projects/$count", new AuthenticationHeaderValue("Bearer", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(before, fixture.Sandbox.Counters.Calls);
    }
}
