using global::Hangfire;
using global::Hangfire.InMemory;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Jobs.Hangfire;

/// <summary>
/// The one place that knows Hangfire's storages. A storage for several nodes goes here as another kind (with the
/// shared <see cref="IResourceMutex"/> it needs); nothing else changes. Deliberately absent: Hangfire's community
/// SQLite storage, whose native library replaces the SQLite the mirror itself runs on.
/// </summary>
public static class MirrorJobStorage
{
    /// <summary>In this process's memory: one node, no extra service, no file, no I/O while idle.</summary>
    public const string Memory = "memory";

    public static readonly IReadOnlyList<string> Kinds = [Memory];

    public static JobStorage Create(JobsOptions options) => options.Storage.ToLowerInvariant() switch
    {
        Memory => new InMemoryStorage(new InMemoryStorageOptions()),
        _ => throw new OptionsValidationException(Options.DefaultName, typeof(JobsOptions), [$"Jobs:Storage '{options.Storage}' is not supported."]),
    };
}
