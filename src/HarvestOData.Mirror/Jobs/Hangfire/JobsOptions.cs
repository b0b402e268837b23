using HarvestOData.Harvest.Configuration;
using Microsoft.Extensions.Configuration;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>The <c>Jobs</c> configuration section: where Hangfire keeps its jobs and how many it runs at once.</summary>
public sealed class JobsOptions : IValidatedOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// <c>Jobs:Storage</c>: <c>memory</c> (one node, no extra service) or <c>postgres</c> (the mirror's PostgreSQL
    /// database, shared by every node). Unset, it follows <c>Mirror:Provider</c>: <c>memory</c> on SQLite,
    /// <c>postgres</c> on PostgreSQL. Recurring jobs are declared again at every start and the cursors and page
    /// checkpoints live in the mirror, so memory loses nothing of value; only the dashboard's history starts over.
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>The storage kind to use, given the shared database's connection string (null on SQLite).</summary>
    public string StorageFor(string? postgres) =>
        Storage?.Trim().ToLowerInvariant() ?? (postgres is null ? MirrorJobStorage.Memory : MirrorJobStorage.Postgres);

    /// <summary>
    /// <c>Jobs:Workers</c>: passes run at once. The rate gate, not the CPU, is the limit: three or four passes in flight
    /// keep it busy, and every idle worker polls the storage.
    /// </summary>
    public int Workers { get; set; } = 4;

    /// <summary>Problems naming the key; read with <see cref="ValidatedOptions.ReadValidated{T}"/>.</summary>
    public IEnumerable<string> Validate()
    {
        if (Storage is not null && !MirrorJobStorage.Kinds.Contains(Storage.Trim(), StringComparer.OrdinalIgnoreCase))
            yield return $"Jobs:Storage '{Storage}' is not supported; use {string.Join(" or ", MirrorJobStorage.Kinds.Select(k => $"'{k}'"))}.";
        if (Workers is < 1 or > 32)
            yield return $"Jobs:Workers must be between 1 and 32 (got {Workers}).";
    }
}
