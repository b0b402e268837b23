using System.Net;
using HarvestOData.Harvest;
using HarvestOData.Harvest.Client;
using HarvestOData.Server.Status.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Server.Status.Tests;

/// <summary>Errors from the Harvest client end up in logs and on the status page: they must never carry the token.</summary>
public sealed class HarvestErrorTests
{
    [Fact]
    public async Task Harvest_client_errors_name_the_account_but_never_carry_the_token()
    {
        var sandbox = StatusServer.NewSandbox(timeEntries: 0);
        const string token = "1.pt.a-token-that-must-not-leak";
        var services = new ServiceCollection().AddLogging();
        services.AddHarvestClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harvest:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["Harvest:Retry:MaxAttempts"] = "1",
        }).Build(), _ => sandbox.CreateHandler());
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHarvestClientFactory>().Create(new HarvestCredential(sandbox.AccountId, token));

        var refused = await Assert.ThrowsAsync<HarvestApiException>(() => client.GetMeAsync(RequestPriority.Interactive, CancellationToken.None));
        sandbox.Faults.ServerErrors(5);
        var failed = await Assert.ThrowsAsync<HarvestApiException>(() => client.GetCompanyAsync(RequestPriority.Interactive, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.DoesNotContain(token, refused.ToString());
        Assert.DoesNotContain(token, failed.ToString());
        Assert.Contains(sandbox.AccountId, refused.Message);
    }
}
