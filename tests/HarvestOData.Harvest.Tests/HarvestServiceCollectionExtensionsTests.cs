using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Harvest.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HarvestOData.Harvest.Tests;

public sealed class HarvestServiceCollectionExtensionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public async Task The_configured_client_sends_through_the_supplied_handler_with_the_configured_settings()
    {
        var clock = new FakeTimeProvider();
        using var handler = new RecordingHandler(clock);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddHarvestClient(Config(
            ("Harvest:BaseUrl", "http://sandbox.local/v2"),
            ("Harvest:AccountId", "777"),
            ("Harvest:Token", "configured-token"),
            ("Harvest:RateLimit:Requests", "20"),
            ("Harvest:RateLimit:WindowSeconds", "1")), _ => handler);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IHarvestClient>();
        await client.FirstPageAsync(EntityCatalog.Get("clients"), ListQuery.All);

        var call = handler.Calls.Single();
        Assert.Equal("http://sandbox.local/v2/clients?per_page=2000", call.Uri.OriginalString);
        Assert.Equal("Bearer configured-token", call.Headers["Authorization"]);
        Assert.Equal("777", call.Headers["Harvest-Account-Id"]);
        Assert.Matches(@"^HarvestOData/\d+\.\d+\.\d+ \(\+https://github\.com/harvestodata/harvestodata\)$", call.Headers["User-Agent"]);
        Assert.Equal(20, provider.GetRequiredService<RateGateRegistry>().Options.Requests);
    }

    [Fact]
    public async Task Callers_with_their_own_tokens_share_the_accounts_gate()
    {
        var services = new ServiceCollection();
        services.AddHarvestClient(Config(("Harvest:AccountId", "777"), ("Harvest:Token", "t")));
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<RateGateRegistry>();
        var factory = provider.GetRequiredService<IHarvestClientFactory>();

        var caller = factory.Create(new HarvestCredential("777", "someone-elses-token"));

        Assert.Equal("someone-elses-token", caller.Credential.Token);
        Assert.Same(registry.For("777"), registry.For(caller.Credential.AccountId));
        Assert.Same(provider.GetRequiredService<RateGateRegistry>(), registry);
    }

    [Theory]
    [InlineData("Harvest:RateLimit:Requests", "0", "Harvest:RateLimit:Requests must be between 1 and 1000")]
    [InlineData("Harvest:RateLimit:WindowSeconds", "-1", "Harvest:RateLimit:WindowSeconds")]
    [InlineData("Harvest:BaseUrl", "not a url", "Harvest:BaseUrl")]
    [InlineData("Harvest:AccountId", "acme", "Harvest:AccountId")]
    [InlineData("Harvest:UserAgent", "curl", "Harvest:UserAgent")]
    [InlineData("Harvest:Retry:MaxAttempts", "0", "Harvest:Retry:MaxAttempts")]
    public async Task A_bad_setting_fails_the_host_at_start_naming_the_key(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHarvestClient(Config((key, value)));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_default_client_without_a_token_says_which_keys_to_set_and_never_prints_a_token()
    {
        var services = new ServiceCollection();
        services.AddHarvestClient(Config());
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IHarvestClient>());

        Assert.Contains("Harvest:Token", error.Message);
        Assert.DoesNotContain("s3cret", new HarvestOptions { AccountId = "1", Token = "s3cret" }.ToString());
        Assert.DoesNotContain("s3cret", new HarvestCredential("1", "s3cret").ToString());
    }
}
