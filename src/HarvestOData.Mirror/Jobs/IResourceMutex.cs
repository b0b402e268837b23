namespace HarvestOData.Mirror.Jobs;

/// <summary>
/// At most one pass per resource at a time, incremental and deletion check alike. A tick that finds its resource
/// busy is skipped (the job succeeds without doing anything): waiting would only queue up passes behind a long one.
/// One node needs no more than <see cref="ProcessResourceMutex"/>; several nodes on one job storage need a mutex they
/// share (a database lock that dies with its holder's connection), registered in its place.
/// </summary>
public interface IResourceMutex
{
    /// <summary>The held mutex (dispose to release), or null when another pass holds <paramref name="resource"/>.</summary>
    Task<IAsyncDisposable?> TryEnterAsync(string resource, CancellationToken cancellationToken);
}
