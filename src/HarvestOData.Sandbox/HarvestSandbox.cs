using System.Security.Cryptography;
using System.Text;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Configuration;
using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Seeding;

namespace HarvestOData.Sandbox;

/// <summary>
/// A faithful Harvest API v2 emulator over a generated demo agency: catalog-driven endpoints, envelopes, paging,
/// filters, role visibility, validation, the throttle (docs/harvest.md#throttle), and faults on demand. Use it in-process
/// (<see cref="CreateHandler"/>) or on a server (<see cref="SandboxEndpoints.MapHarvestSandbox"/>).
/// </summary>
public sealed class HarvestSandbox
{
    public HarvestSandbox(SandboxOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        Options = options;
        AccountId = options.AccountId;
        var clock = time ?? TimeProvider.System;
        var (store, administrator, manager, member) = DemoAgency.Generate(options, clock);
        Administrator = new SandboxUser(Token(options.Seed, administrator, "administrator"), administrator, UserPermissions.Administrator);
        Manager = new SandboxUser(Token(options.Seed, manager, "manager"), manager, UserPermissions.Manager);
        Member = new SandboxUser(Token(options.Seed, member, "member"), member, UserPermissions.Member);
        var tokens = new[] { Administrator, Manager, Member }.ToDictionary(u => u.Token, u => u.UserId, StringComparer.Ordinal);
        var throttle = new Throttle(options.RateLimitRequests, TimeSpan.FromSeconds(options.RateLimitWindowSeconds));
        _throttle = throttle;
        var reportsThrottle = new Throttle(options.ReportsRateLimitRequests, TimeSpan.FromSeconds(options.ReportsRateLimitWindowSeconds));
        Core = new SandboxCore(store, new Authenticator(store, AccountId, tokens), throttle, reportsThrottle, options.Throttle, clock, Counters, Faults,
            () => BeforeRequest, options.LegacyUserShape);
        var system = new Caller(administrator, "Avery Stone", "avery.stone@sandbox-agency.example",
            new HashSet<string>([UserPermissions.Administrator], StringComparer.Ordinal), IsSystem: true);
        Data = new SandboxData(store, Core.Rules, system, options.Seed);
    }

    private readonly Throttle _throttle;

    public SandboxOptions Options { get; }

    /// <summary>
    /// Calls Harvest accepts per window now (starts at <see cref="SandboxOptions.RateLimitRequests"/>). Set it below the
    /// client's configured limit to play Harvest's real budget being smaller: another integration sharing the account,
    /// or Harvest lowering the limit mid-run.
    /// </summary>
    public int RateLimit
    {
        get => _throttle.Limit;
        set => _throttle.Limit = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one call per window.");
    }

    public string AccountId { get; }

    public SandboxUser Administrator { get; }

    /// <summary>A manager with project_creator, billable_rates_manager, managed_projects_invoice_manager, time_and_expenses_manager and estimates_manager (not client_and_task_manager).</summary>
    public SandboxUser Manager { get; }

    public SandboxUser Member { get; }

    /// <summary>Root of the in-process API; links in answers start with it.</summary>
    public Uri BaseAddress { get; } = new("https://sandbox.harvest.test/v2/");

    public SandboxCounters Counters { get; } = new();

    public SandboxFaults Faults { get; } = new();

    public SandboxData Data { get; }

    /// <summary>Runs first for every request (before authentication and the throttle): lets a test change data mid-sync at a chosen call.</summary>
    public Func<SandboxRequest, CancellationToken, Task>? BeforeRequest { get; set; }

    internal SandboxCore Core { get; }

    /// <summary>An in-process handler: <c>new HttpClient(sandbox.CreateHandler()) { BaseAddress = sandbox.BaseAddress }</c>.</summary>
    public HttpMessageHandler CreateHandler() => new InProcessHandler(Core, BaseAddress);

    /// <summary>A Harvest-looking personal access token, fixed by the seed and the user.</summary>
    private static string Token(int seed, long userId, string role)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"harvest-sandbox:{seed}:{role}:{userId}"));
        return $"{userId}.pt.{Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }
}
