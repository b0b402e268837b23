using HarvestOData.Mirror;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Cli;

/// <summary>
/// Which mirror providers <c>serve</c> can serve. The sync, its jobs and the CLI's <c>sync --once</c> and <c>status</c>
/// run on every <c>Mirror:Provider</c>; the OData read path (and the writes' read-back) still compiles and reads
/// SQLite only, so a server on a PostgreSQL mirror refuses to start with a message saying so, instead of failing on the
/// first request.
/// </summary>
public static class ServedProviders
{
    /// <summary>Throws <see cref="OptionsValidationException"/> naming <c>Mirror:Provider</c> when <c>serve</c> cannot serve it.</summary>
    public static void EnsureServable(MirrorOptions mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        if (mirror.IsPostgres)
        {
            throw new OptionsValidationException(MirrorOptions.Section, typeof(MirrorOptions),
            [
                "Mirror:Provider 'postgres' cannot be served yet: /odata and its writes read the mirror on SQLite only. "
                + "'sync --once' and 'status' work on a PostgreSQL mirror; to serve, use Mirror:Provider=sqlite.",
            ]);
        }
    }
}
