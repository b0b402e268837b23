using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Sandbox;

namespace HarvestOData.Harvest.Tests.Client;

/// <summary>
/// The client against the sandbox on the real clock, with a shrunken throttle (20 calls per 1 s): every resource,
/// per-parent ones for every parent, is listed completely while the sandbox never counts a call over its limit or
/// a call made while throttled, also with faults injected and in the legacy 503 mode.
/// </summary>
public sealed class SandboxListingTests
{
    private const int Limit = 20;

    [Theory]
    [InlineData(ThrottleMode.TooManyRequests429, false)]
    [InlineData(ThrottleMode.TooManyRequests429, true)]
    [InlineData(ThrottleMode.Legacy503, true)]
    public async Task Listing_every_resource_stays_under_the_throttle_and_loses_no_row(ThrottleMode mode, bool faults)
    {
        var sandbox = new HarvestSandbox(new SandboxOptions
        {
            // Small on purpose: per-parent lists cost one call per invoice, estimate and user, at 16 calls a second.
            TimeEntries = 600, Users = 5, Clients = 2, Projects = 6, Expenses = 40,
            RateLimitRequests = Limit, RateLimitWindowSeconds = 1, Throttle = mode,
            LegacyUserShape = mode == ThrottleMode.Legacy503, // the v1-era account answers with is_admin/can_* flags
        });
        var options = new HarvestOptions
        {
            BaseUrl = sandbox.BaseAddress.ToString(),
            AccountId = sandbox.AccountId,
            Token = sandbox.Administrator.Token,
            RateLimit = new RateLimitOptions { Requests = Limit, WindowSeconds = 1 },
            Retry = new RetryOptions { BaseDelaySeconds = 0.05, MaxDelaySeconds = 0.5, MaxAttempts = 8 },
            RequestTimeoutSeconds = 2,
        };
        using var gate = new RateGate(options.RateLimit, TimeProvider.System);
        using var handler = sandbox.CreateHandler();
        var client = new HarvestClient(new HttpClient(handler, disposeHandler: false), new HarvestCredential(sandbox.AccountId, options.Token), gate, options);
        if (faults)
        {
            sandbox.Faults.ServerErrors(3);
            sandbox.Faults.DroppedConnections(2);
            sandbox.Faults.MalformedJson(2);
            sandbox.Faults.SlowAnswers(1, TimeSpan.FromSeconds(3)); // longer than the 2 s timeout: retried
        }

        var listed = new Dictionary<string, List<HarvestRecord>>();
        foreach (var resource in EntityCatalog.Fetched.Where(r => r.Kind != ResourceKind.PerParent))
            listed[resource.Name] = await ListAll(client, resource, null, resource.Name == "time_entries" ? 500 : 2000);
        foreach (var resource in EntityCatalog.Fetched.Where(r => r.Kind == ResourceKind.PerParent))
        {
            // Several parents at once keep the gate busy, as the sync does.
            var perParent = await Task.WhenAll(listed[resource.Parent!].Select(p => ListAll(client, resource, p.Id, 2000)));
            listed[resource.Name] = perParent.SelectMany(r => r).ToList();
        }
        foreach (var embedded in EntityCatalog.All.Where(r => r.Kind == ResourceKind.Embedded))
            listed[embedded.Name] = listed[embedded.Parent!].SelectMany(p => p.Children[embedded.Name]).ToList();

        Assert.Equal(0, sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, sandbox.Counters.CallsWhileThrottled);
        foreach (var resource in EntityCatalog.All)
        {
            var expected = resource.Kind == ResourceKind.Singleton ? [sandbox.Data.Company] : sandbox.Data.Rows(resource.Name);
            Assert.True(expected.Count > 0, $"the sandbox has no {resource.Name}: the test would prove nothing");
            Assert.Equal(expected.Select(r => r.Id).Order(), listed[resource.Name].Select(r => r.Id).Order());
            var byId = listed[resource.Name].ToDictionary(r => r.Id);
            foreach (var row in expected)
            {
                foreach (var (column, value) in row.Values)
                {
                    object? read = byId[row.Id][column];
                    if (sandbox.Options.LegacyUserShape && resource.Name == "users" && column == "access_roles")
                        AssertLegacyRoles((string)value!, (string)read!);
                    else
                        Assert.True(Equals(value, read), $"{row}.{column}: sandbox {value ?? "null"}, read {read ?? "null"}");
                }
            }
        }
        Assert.True(sandbox.Counters.Calls > 3 * Limit, "the listing must span several windows");
        if (faults)
            Assert.True(sandbox.Counters.ServerErrors >= 3);
    }

    /// <summary>The older flags cannot express every access role: the primary role matches and nothing is invented.</summary>
    private static void AssertLegacyRoles(string sandbox, string read)
    {
        var actual = read.Split(HarvestField.ListSeparator);
        var truth = sandbox.Split(HarvestField.ListSeparator);
        Assert.Equal(UserPermissions.PrimaryRole(truth), UserPermissions.PrimaryRole(actual));
        Assert.Subset(truth.ToHashSet(), actual.ToHashSet());
    }

    private static async Task<List<HarvestRecord>> ListAll(IHarvestClient client, ResourceDefinition resource, long? parentId, int perPage)
    {
        var rows = new List<HarvestRecord>();
        await foreach (var page in client.ListAsync(resource, new ListQuery { ParentId = parentId, PerPage = perPage }))
            rows.AddRange(page.Records);
        return rows;
    }
}
