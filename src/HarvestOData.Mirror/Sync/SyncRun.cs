using System.Diagnostics;
using HarvestOData.Harvest.Catalog;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Sync;

/// <summary>What a one-off run does: which resources (null = all), whether it checks deletions and verifies.</summary>
public sealed record SyncRunRequest
{
    public IReadOnlyList<string>? Resources { get; init; }

    public bool Reconcile { get; init; } = true;

    public bool Verify { get; init; } = true;

    /// <summary>Tries per resource (a failed pass is retried after a short backoff; the client already retried its calls).</summary>
    public int Attempts { get; init; } = 3;
}

public sealed record SyncRunReport(IReadOnlyList<PassResult> Passes, IReadOnlyList<Verification> Verifications, TimeSpan Elapsed)
{
    public bool Succeeded => Passes.All(p => p.Succeeded) && Verifications.All(v => v.Matches);
}

/// <summary>
/// Brings resources up to date once (<c>sync --once</c>, the bench, the tests): several resources at a time so the
/// rate gate stays busy, per-parent lists after their parent, each resource's incremental pass (and deletion check),
/// then a cheap verification; resources that do not verify get a second round.
/// </summary>
public sealed class SyncRun(SyncPass pass, ReconcilePass reconcile, MirrorVerification verification, IOptions<SyncOptions> options, TimeProvider time)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    public async Task<SyncRunReport> RunAsync(SyncRunRequest request, IWorkProgress? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var resources = Resolve(request.Resources);
        var passes = await PassAllAsync(resources, request, progress, cancellationToken);
        var verifications = new List<Verification>();
        if (request.Verify)
        {
            verifications.AddRange(await VerifyAllAsync(resources, cancellationToken));
            var again = resources.Where(r => verifications.Any(v => v.Resource == r.Name && !v.Matches)).ToList();
            if (again.Count > 0 && passes.All(p => p.Succeeded))
            {
                // Harvest changed while we read it (or a count was off by a racing write): one more round for those.
                var second = await PassAllAsync(again, request, progress, cancellationToken);
                passes = [.. passes.Where(p => again.All(r => r.Name != p.Resource)), .. second];
                verifications.RemoveAll(v => again.Any(r => r.Name == v.Resource));
                verifications.AddRange(await VerifyAllAsync(again, cancellationToken));
            }
        }
        return new SyncRunReport(passes, verifications, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Catalog resources by name (all fetched ones when null), in sync order; unknown names fail with the list of valid ones.</summary>
    public static List<ResourceDefinition> Resolve(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
            return EntityCatalog.Fetched.ToList();
        var unknown = names.Where(n => EntityCatalog.Find(n) is not { Kind: not ResourceKind.Embedded }).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown resource '{string.Join("', '", unknown)}'. Known: {string.Join(", ", EntityCatalog.Fetched.Select(r => r.Name))}.");
        return EntityCatalog.Fetched.Where(r => names.Contains(r.Name)).ToList();
    }

    private async Task<List<PassResult>> PassAllAsync(List<ResourceDefinition> resources, SyncRunRequest request, IWorkProgress? progress, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(options.Value.ConcurrentResources);
        var running = new Dictionary<string, Task<PassResult>>();
        foreach (var resource in resources)
        {
            var parent = resource.Parent is { } name && running.TryGetValue(name, out var task) ? task : null;
            running[resource.Name] = PassOneAsync(resource, parent, slots, request, progress, cancellationToken);
        }
        return [.. await Task.WhenAll(running.Values)];
    }

    private async Task<PassResult> PassOneAsync(ResourceDefinition resource, Task<PassResult>? parent, SemaphoreSlim slots,
        SyncRunRequest request, IWorkProgress? progress, CancellationToken cancellationToken)
    {
        if (parent is not null)
            await parent;   // the parent's pass queues the parents whose lists changed
        await slots.WaitAsync(cancellationToken);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                var result = request.Reconcile
                    ? await reconcile.RunAsync(resource.Name, progress, cancellationToken)
                    : await pass.RunAsync(resource.Name, progress, cancellationToken);
                if (result.Succeeded || attempt >= request.Attempts)
                    return result;
                await Task.Delay(FirstBackoff * Math.Pow(2, attempt - 1), time, cancellationToken);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<List<Verification>> VerifyAllAsync(List<ResourceDefinition> resources, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(resources.Select(r => verification.VerifyAsync(r, cancellationToken)));
        return [.. results];
    }
}
