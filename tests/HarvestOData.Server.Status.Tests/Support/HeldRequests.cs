using HarvestOData.Sandbox;

namespace HarvestOData.Server.Status.Tests.Support;

/// <summary>
/// Holds the sandbox's answers to one resource's requests until the test lets them through, so a browser test sees a
/// pass at exactly the point it wants (running, a page done, the next page done) without waiting on the wall clock.
/// Disposing lets every held and later request through.
/// </summary>
public sealed class HeldRequests : IDisposable
{
    private readonly HarvestSandbox _sandbox;
    private readonly SemaphoreSlim _permits = new(0);
    private volatile bool _open;

    public HeldRequests(HarvestSandbox sandbox, string pathPrefix, int letThrough = 0)
    {
        _sandbox = sandbox;
        if (letThrough > 0)
            _permits.Release(letThrough);
        sandbox.BeforeRequest = (request, token) =>
            !_open && request.Path.StartsWith(pathPrefix, StringComparison.Ordinal) ? Held(token) : Task.CompletedTask;
    }

    /// <summary>Lets <paramref name="count"/> more requests through, held ones first.</summary>
    public void LetThrough(int count) => _permits.Release(count);

    public void Dispose()
    {
        _open = true;
        _sandbox.BeforeRequest = null;
        // Wake whoever still waits; the permits left over are never taken again.
        _permits.Release(1_000);
    }

    private async Task Held(CancellationToken token)
    {
        if (!_open)
            await _permits.WaitAsync(token);
    }
}
