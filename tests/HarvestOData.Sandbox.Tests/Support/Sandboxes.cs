namespace HarvestOData.Sandbox.Tests.Support;

/// <summary>Small sandboxes for fast tests, each on its own fake clock.</summary>
public static class Sandboxes
{
    /// <summary>A Wednesday afternoon, so "today" has work logged and last month is invoiced.</summary>
    public static readonly DateTimeOffset WednesdayAfternoon = new(2025, 6, 18, 14, 30, 0, TimeSpan.Zero);

    public static (HarvestSandbox Sandbox, FakeTimeProvider Clock) Create(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { TimeEntries = 3000, RateLimitRequests = 100_000 };
        configure?.Invoke(options);
        var clock = new FakeTimeProvider(WednesdayAfternoon);
        return (new HarvestSandbox(options, clock), clock);
    }

    /// <summary>An HttpClient acting as <paramref name="user"/> with Harvest's headers.</summary>
    public static HttpClient ClientFor(this HarvestSandbox sandbox, SandboxUser? user)
    {
        var client = new HttpClient(sandbox.CreateHandler()) { BaseAddress = sandbox.BaseAddress };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("HarvestOData.Tests (tests@example.com)");
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Token);
            client.DefaultRequestHeaders.Add("Harvest-Account-Id", sandbox.AccountId);
        }
        return client;
    }
}

/// <summary>One sandbox shared by the read-only tests of a class.</summary>
public sealed class SharedSandbox
{
    public SharedSandbox()
    {
        (Sandbox, Clock) = Sandboxes.Create();
    }

    public HarvestSandbox Sandbox { get; }

    public FakeTimeProvider Clock { get; }
}
