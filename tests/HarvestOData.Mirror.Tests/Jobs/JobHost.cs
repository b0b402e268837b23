using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using HarvestOData.Harvest;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Mirror.Tests.Support;
using HarvestOData.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Mirror.Tests.Jobs;

/// <summary>
/// A host wired as <c>serve</c> wires the jobs: the Harvest client on a sandbox, the mirror in a folder, and a real
/// Hangfire server on its own in-memory storage. Two of them in turn on one folder are a server and its restart.
/// </summary>
public sealed class JobHost : IAsyncDisposable
{
    private readonly IHost _host;

    public JobHost(HarvestSandbox sandbox, TempFolder folder, IReadOnlyDictionary<string, string?> settings, RateGateRegistry? gates = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(MirrorHarness.Settings(sandbox, folder, settings));
        if (gates is not null)
            builder.Services.AddSingleton(gates);    // a restart within the account's window: the gate carries on
        builder.Services.AddHarvestClient(builder.Configuration, _ => sandbox.CreateHandler());
        builder.Services.AddMirror(builder.Configuration);
        builder.Services.AddMirrorJobs(builder.Configuration);
        _host = builder.Build();
    }

    public IServiceProvider Services => _host.Services;

    public SyncStateStore States => Services.GetRequiredService<SyncStateStore>();

    public MirrorReader Reader => Services.GetRequiredService<MirrorReader>();

    public IMonitoringApi Monitoring => Services.GetRequiredService<JobStorage>().GetMonitoringApi();

    public RateGateRegistry Gates => Services.GetRequiredService<RateGateRegistry>();

    public Task StartAsync() => _host.StartAsync();

    public Task StopAsync() => _host.StopAsync();

    /// <summary>The recurring jobs as Hangfire stores them.</summary>
    public IReadOnlyList<RecurringJobDto> RecurringJobs()
    {
        using var connection = Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }

    /// <summary>The jobs Hangfire recorded as succeeded for one method (<c>Sync</c> or <c>Reconcile</c>) and resource.</summary>
    public IReadOnlyList<SucceededJobDto> Succeeded(string method, string resource) =>
        Monitoring.SucceededJobs(0, int.MaxValue).Select(j => j.Value)
            .Where(j => j.Job?.Method.Name == method && j.Job.Args[0] as string == resource).ToList();

    /// <summary>Every failed job, described for an assertion message.</summary>
    public IReadOnlyList<string> Failures() =>
        Monitoring.FailedJobs(0, int.MaxValue).Select(j => $"{j.Value.Job?.Method.Name} {j.Value.Job?.Args[0]}: {j.Value.ExceptionMessage}").ToList();

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after a generous patience (not a timing assertion).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!await condition())
        {
            if (patience.IsCancellationRequested)
                throw new TimeoutException($"Waited in vain for {what}.");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
