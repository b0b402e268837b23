using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using HarvestOData.Harvest.Client;
using HarvestOData.Sandbox;
using HarvestOData.Server.Auth;
using HarvestOData.Server.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Server.Tests.Auth;

/// <summary>
/// One authentication for the whole server: the same credential gets the same answer on <c>/odata</c> reads and
/// writes, the status page, <c>/status</c> and Hangfire's dashboard, and a token costs one <c>users/me</c> call per
/// cache period however many surfaces it is shown to. A server of its own per test (its failure counts and caches
/// start empty), its caller cache on a fake clock.
/// </summary>
public sealed class OneAuthenticationTests : IAsyncLifetime
{
    private static readonly Surface[] Surfaces =
    [
        new("odata read", HttpMethod.Get, "/odata/Clients"),
        // Clients(1) cannot be POSTed to: 405 once authenticated, so the write path answers without touching Harvest.
        new("odata write", HttpMethod.Post, "/odata/Clients(1)"),
        new("status page", HttpMethod.Get, "/"),
        new("status api", HttpMethod.Get, "/status"),
        new("dashboard", HttpMethod.Get, "/hangfire"),
    ];

    private readonly HarvestSandbox _sandbox = new(new SandboxOptions { TimeEntries = 200, RateLimitRequests = 1000, RateLimitWindowSeconds = 1 });
    private readonly string _mirror = MirrorFile.NewPath();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private ServerFactory _factory = null!;
    private WebApplicationFactory<HarvestOData.Server.OData.Routing.ODataRequestHandler> _server = null!;
    private HttpClient _client = null!;
    private long _tokenChecks;

    public async Task InitializeAsync()
    {
        // One attempt per Harvest call: a Harvest that fails answers at once instead of after real-time backoff.
        _factory = new ServerFactory(_sandbox, _mirror, 500, new Dictionary<string, string?> { ["Harvest:Retry:MaxAttempts"] = "1" });
        _server = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(sp => new CallerDirectory(sp.GetRequiredService<IHarvestClientFactory>(), _clock, sp.GetService<TokenRefusals>()));
            services.AddSingleton(new FailedAuthentications(_clock));
        }));
        _client = _server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await ODataFixture.SyncAsync(_server.Services);
        _sandbox.BeforeRequest = (request, _) =>
        {
            if (request.Path == "users/me")
                Interlocked.Increment(ref _tokenChecks);
            return Task.CompletedTask;
        };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _factory.DisposeAsync();
        MirrorFile.Delete(_mirror);
    }

    [Fact]
    public async Task Without_a_token_every_surface_answers_401_with_the_same_basic_challenge_in_its_own_body()
    {
        foreach (var surface in Surfaces)
        {
            using var response = await SendAsync(surface, authorization: null);
            string body = await response.Content.ReadAsStringAsync();

            Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"{surface.Name}: {response.StatusCode}");
            Assert.Equal("Basic realm=\"HarvestOData\"", response.Headers.WwwAuthenticate.ToString());
            AssertBodyShape(surface, body);
        }
        AssertThrottleKept();
    }

    [Fact]
    public async Task A_token_harvest_refuses_is_401_everywhere()
    {
        foreach (var surface in Surfaces)
        {
            using var response = await SendAsync(surface, new AuthenticationHeaderValue("Bearer", "9.pt.refused-everywhere"));
            Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"{surface.Name}: {response.StatusCode}");
            Assert.Contains("Harvest did not accept this token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_400_everywhere_even_with_a_good_header_and_never_echoed()
    {
        string token = _sandbox.Administrator.Token;
        foreach (var surface in Surfaces)
        {
            using var response = await SendAsync(surface with { Path = surface.Path + "?access_token=" + token }, Bearer(_sandbox.Administrator));
            string body = await response.Content.ReadAsStringAsync();

            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{surface.Name}: {response.StatusCode}");
            Assert.Contains("not accepted in the URL", body, StringComparison.Ordinal);
            Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        }
        Assert.Equal(0, Interlocked.Read(ref _tokenChecks)); // refused before Harvest is asked
    }

    [Theory]
    [InlineData("member")]
    [InlineData("manager")]
    public async Task Members_and_managers_read_and_write_odata_and_get_403_on_the_operators_pages(string role)
    {
        var user = role == "member" ? _sandbox.Member : _sandbox.Manager;
        foreach (var basic in new[] { false, true })
        {
            var authorization = basic ? Basic("excel", user.Token) : Bearer(user);
            foreach (var surface in Surfaces)
            {
                using var response = await SendAsync(surface, authorization);
                string body = await response.Content.ReadAsStringAsync();
                var expected = surface.Name switch
                {
                    "odata read" => HttpStatusCode.OK,
                    "odata write" => HttpStatusCode.MethodNotAllowed,
                    _ => HttpStatusCode.Forbidden,
                };
                Assert.True(expected == response.StatusCode, $"{surface.Name} ({(basic ? "Basic" : "Bearer")}): {response.StatusCode} {body}");
                if (expected == HttpStatusCode.Forbidden)
                {
                    Assert.Contains("administrators", body, StringComparison.Ordinal);
                    Assert.Contains(role, body, StringComparison.Ordinal);
                    AssertBodyShape(surface, body);
                }
            }
        }
        AssertThrottleKept();
    }

    [Fact]
    public async Task An_administrator_gets_in_everywhere_with_bearer_or_basic()
    {
        foreach (var authorization in new[] { Bearer(_sandbox.Administrator), Basic("", _sandbox.Administrator.Token) })
        {
            foreach (var surface in Surfaces)
            {
                using var response = await SendAsync(surface, authorization);
                var expected = surface.Name == "odata write" ? HttpStatusCode.MethodNotAllowed : HttpStatusCode.OK;
                Assert.True(expected == response.StatusCode, $"{surface.Name} ({authorization.Scheme}): {response.StatusCode}");
            }
        }
        AssertThrottleKept();
    }

    [Fact]
    public async Task When_harvest_cannot_confirm_a_token_every_surface_answers_503_with_retry_after()
    {
        _sandbox.Faults.ServerErrors(Surfaces.Length);
        foreach (var surface in Surfaces)
        {
            using var response = await SendAsync(surface, Bearer(_sandbox.Manager));
            string body = await response.Content.ReadAsStringAsync();

            Assert.True(HttpStatusCode.ServiceUnavailable == response.StatusCode, $"{surface.Name}: {response.StatusCode}");
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{surface.Name}: Retry-After {response.Headers.RetryAfter}");
            AssertBodyShape(surface, body);
        }
        // Not a refusal, so not remembered: once Harvest answers, the token works.
        using var after = await SendAsync(Surfaces[0], Bearer(_sandbox.Manager));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task An_unknown_token_costs_one_users_me_call_per_cache_period_across_every_surface()
    {
        var unknown = new AuthenticationHeaderValue("Bearer", "9.pt.nobody-harvest-knows");
        foreach (var surface in Surfaces.Concat(Surfaces))
        {
            using var response = await SendAsync(surface, unknown);
            Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"{surface.Name}: {response.StatusCode}");
        }
        Assert.Equal(1, Interlocked.Read(ref _tokenChecks));

        // Both sides of the refusal's cache period.
        _clock.Advance(CallerDirectory.RefusedFor - TimeSpan.FromSeconds(1));
        using (var still = await SendAsync(Surfaces[2], unknown))
            Assert.Equal(HttpStatusCode.Unauthorized, still.StatusCode);
        Assert.Equal(1, Interlocked.Read(ref _tokenChecks));
        _clock.Advance(TimeSpan.FromSeconds(2));
        using (var again = await SendAsync(Surfaces[0], unknown))
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(2, Interlocked.Read(ref _tokenChecks));
        AssertThrottleKept();
    }

    [Fact]
    public async Task A_check_harvest_already_received_is_not_paid_again_when_its_requester_gives_up()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sandbox.BeforeRequest = async (request, cancellationToken) =>
        {
            if (request.Path != "users/me")
                return;
            Interlocked.Increment(ref _tokenChecks);
            arrived.TrySetResult();
            // Harvest takes its time to answer; a dropped connection would end the wait, as on the network.
            await answer.Task.WaitAsync(cancellationToken);
        };
        const string unknown = "9.pt.impatient-script";
        using var patience = new CancellationTokenSource();
        var impatient = _server.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/odata/Clients";
            context.Request.Headers.Authorization = "Bearer " + unknown;
        }, patience.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30)); // hang guard
        await patience.CancelAsync();
        try
        {
            await impatient;
        }
        catch (OperationCanceledException)
        {
            // The requester is gone, as intended.
        }
        answer.SetResult();

        // The same token again, gone and back as scripts do: Harvest's answer to the call it received is used.
        foreach (var surface in Surfaces)
        {
            using var response = await SendAsync(surface, new AuthenticationHeaderValue("Bearer", unknown));
            Assert.True(HttpStatusCode.Unauthorized == response.StatusCode, $"{surface.Name}: {response.StatusCode}");
        }
        Assert.Equal(1, Interlocked.Read(ref _tokenChecks));
        AssertThrottleKept();
    }

    [Fact]
    public async Task A_known_token_costs_one_users_me_call_per_cache_period_across_every_surface()
    {
        foreach (var surface in Surfaces.Concat(Surfaces))
        {
            using var response = await SendAsync(surface, Bearer(_sandbox.Manager));
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Equal(1, Interlocked.Read(ref _tokenChecks));

        _clock.Advance(CallerDirectory.KnownFor - TimeSpan.FromSeconds(1));
        using (var still = await SendAsync(Surfaces[3], Bearer(_sandbox.Manager)))
            Assert.Equal(HttpStatusCode.Forbidden, still.StatusCode);
        Assert.Equal(1, Interlocked.Read(ref _tokenChecks));
        _clock.Advance(TimeSpan.FromSeconds(2));
        using (var again = await SendAsync(Surfaces[0], Bearer(_sandbox.Manager)))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, Interlocked.Read(ref _tokenChecks));
        AssertThrottleKept();
    }

    [Fact]
    public async Task The_callers_role_and_access_roles_are_claims_that_authorize_roles_understands_and_the_caller_is_on_the_context()
    {
        using var scope = _server.Services.CreateScope();
        var policies = scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        var managersOnly = (await AuthorizationPolicy.CombineAsync(policies, [new AuthorizeAttribute { Roles = "manager", AuthenticationSchemes = HarvestAuthentication.Scheme }]))!;
        var administrators = (await policies.GetPolicyAsync(HarvestAuthentication.AdministratorPolicy))!;

        foreach (var user in new[] { _sandbox.Administrator, _sandbox.Manager, _sandbox.Member })
        {
            // A scope per request, as the server has: authentication handlers live for one request.
            using var request = _server.Services.CreateScope();
            var http = new DefaultHttpContext { RequestServices = request.ServiceProvider };
            http.Request.Headers.Authorization = "Bearer " + user.Token;
            var result = await http.AuthenticateAsync(HarvestAuthentication.Scheme);

            Assert.True(result.Succeeded);
            var principal = result.Principal!;
            var caller = http.GetCaller();
            Assert.NotNull(caller);
            Assert.Equal(user.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), principal.Identity!.Name);
            Assert.Equal([caller.Role], principal.FindAll(ClaimTypes.Role).Select(c => c.Value));
            Assert.Equal(caller.AccessRoles.Order(StringComparer.Ordinal), principal.FindAll(HarvestAuthentication.AccessRoleClaim).Select(c => c.Value));
            Assert.Equal(caller.Role == "manager", (await authorization.AuthorizeAsync(principal, managersOnly)).Succeeded);
            Assert.Equal(caller.IsAdministrator, (await authorization.AuthorizeAsync(principal, administrators)).Succeeded);
            Assert.DoesNotContain(principal.Claims, c => c.Value.Contains(user.Token, StringComparison.Ordinal));
        }
        Assert.Contains("billable_rates_manager", (await Principal(_sandbox.Manager)).FindAll(HarvestAuthentication.AccessRoleClaim).Select(c => c.Value));

        async Task<ClaimsPrincipal> Principal(SandboxUser user)
        {
            using var request = _server.Services.CreateScope();
            var http = new DefaultHttpContext { RequestServices = request.ServiceProvider };
            http.Request.Headers.Authorization = "Bearer " + user.Token;
            return (await http.AuthenticateAsync(HarvestAuthentication.Scheme)).Principal!;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Surface surface, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(surface.Method, surface.Path);
        request.Headers.Authorization = authorization;
        // What a browser's page load sends; the OData and JSON surfaces ignore it.
        request.Headers.Accept.ParseAdd(surface.Name is "status page" or "dashboard" ? "text/html" : "application/json");
        if (surface.Method == HttpMethod.Post)
            request.Content = new StringContent("""{"Name":"x"}""", Encoding.UTF8, "application/json");
        return await _client.SendAsync(request);
    }

    /// <summary>Each surface refuses in the shape its clients read: OData error JSON, the HTML page, plain JSON.</summary>
    private static void AssertBodyShape(Surface surface, string body)
    {
        switch (surface.Name)
        {
            case "odata read" or "odata write":
                Assert.StartsWith("{\"error\":{\"code\":", body, StringComparison.Ordinal);
                break;
            case "status page" or "dashboard":
                Assert.StartsWith("<!doctype html>", body, StringComparison.Ordinal);
                break;
            default:
                Assert.StartsWith("{\"error\":", body, StringComparison.Ordinal);
                Assert.Contains("\"message\":", body, StringComparison.Ordinal);
                break;
        }
    }

    private void AssertThrottleKept()
    {
        Assert.Equal(0, _sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, _sandbox.Counters.CallsWhileThrottled);
    }

    private static AuthenticationHeaderValue Bearer(SandboxUser user) => new("Bearer", user.Token);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    private sealed record Surface(string Name, HttpMethod Method, string Path);
}
