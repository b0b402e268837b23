using HarvestOData.Harvest;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Jobs.Hangfire;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Server.Cli;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Status;

/// <summary>
/// Builds the <see cref="StatusReport"/> — the one place that knows where each figure comes from: the mirror's own
/// account (<see cref="MirrorStatus"/>: rows, passes, errors, the next tick the job noted, recent deletions), so it works
/// from the CLI without a server; the passes running in this process (<see cref="LivePasses"/>); the rate gate's history;
/// the next ticks of this server's recurring Hangfire jobs (<see cref="MirrorScheduler"/>), which know them before any pass ran.
/// </summary>
public sealed class StatusReader(
    MirrorDatabase database,
    IOptions<HarvestOptions> harvest,
    IConfiguration configuration,
    TimeProvider time,
    LivePasses? live = null,
    ThrottleHistory? throttle = null,
    MirrorScheduler? scheduler = null)
{
    private const int DeletionGroups = 12;

    private readonly MirrorStatus _mirror = new(database);

    public async Task<StatusReport> ReadAsync(StatusLinks? links, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var snapshot = await _mirror.ReadAsync(DeletionGroups, cancellationToken);
        var states = snapshot?.States ?? new Dictionary<string, SyncState>();
        var embeddedRows = snapshot?.EmbeddedRows ?? new Dictionary<string, long>();
        IReadOnlyList<DeletionEntry> deletions = snapshot?.Deletions.Select(d => new DeletionEntry(d.Resource, d.Reason, d.At, d.Rows)).ToList() ?? [];

        var nextSyncs = scheduler?.NextSyncs() ?? new Dictionary<string, DateTimeOffset>();
        var resources = new List<ResourceStatus>();
        foreach (var resource in EntityCatalog.All)
        {
            if (resource.Kind == ResourceKind.Embedded)
            {
                var parent = resources.First(r => r.Name == resource.Parent);
                resources.Add(parent with
                {
                    Name = resource.Name,
                    EntitySet = resource.EntitySet,
                    SyncedWith = parent.Name,
                    Rows = embeddedRows.GetValueOrDefault(resource.Name),
                    LastPassCalls = null,
                    LastPassChanged = null,
                    LastReconcileDeleted = null,
                });
                continue;
            }
            var state = states.GetValueOrDefault(resource.Name) ?? new SyncState { Resource = resource.Name };
            resources.Add(Describe(resource, state, now) with { NextRunAt = nextSyncs.TryGetValue(resource.Name, out var next) ? next : state.NextRunAt });
        }

        return new StatusReport
        {
            GeneratedAt = now,
            Mode = HarvestConnection.IsSandboxMode(configuration) ? "sandbox" : "harvest",
            Links = links,
            Ready = resources.All(r => r.LastSuccessAt is not null),
            Resources = resources,
            Throttle = Throttle(now),
            Deletions = deletions,
        };
    }

    /// <summary>The sync account's gate history; null without one (the CLI), so the Harvest settings are not even read.</summary>
    private ThrottleStatus? Throttle(DateTimeOffset now)
    {
        if (throttle is null || harvest.Value.AccountId is not { Length: > 0 } account)
            return null;
        var limit = harvest.Value.RateLimit;
        return new ThrottleStatus(limit.Requests, limit.WindowSeconds,
            throttle.BlockedUntil(account) is { } until && until > now ? until : null,
            throttle.Windows(account, now));
    }

    /// <summary>Resources whose first full pass has not finished yet (all of them while the mirror file does not exist).</summary>
    public Task<IReadOnlyList<string>> NotReadyAsync(CancellationToken cancellationToken) => _mirror.NotReadyAsync(cancellationToken);

    private ResourceStatus Describe(ResourceDefinition resource, SyncState state, DateTimeOffset now)
    {
        // This process's own passes report between commits; another process's are seen through its lease and checkpoint.
        var progress = live?.Running(resource.Name)
            ?? (state.IsRunning(now)
                ? new PassProgress(state.PassKind ?? "running", state.PagesDone ?? 0, state.PagesKnown, 0, 0, state.PassStartedAt)
                : null);
        bool failed = state.LastErrorAt is { } errorAt && (state.LastSuccessAt is not { } success || errorAt >= success);
        return new ResourceStatus
        {
            Name = resource.Name,
            EntitySet = resource.EntitySet,
            Rows = state.Rows,
            State = progress is not null ? "running" : failed ? "failed" : state.LastSuccessAt is null ? "waiting" : "ok",
            LastSuccessAt = state.LastSuccessAt,
            LastPass = state.LastPass,
            LastPassCalls = state.LastPassCalls,
            LastPassChanged = state.LastPassChanged,
            NextRunAt = state.NextRunAt,
            Progress = progress,
            LastError = state.LastError,
            LastErrorAt = state.LastErrorAt,
            LastReconcileAt = state.LastReconcileAt,
            LastReconcileDeleted = state.LastReconcileDeleted,
        };
    }
}
