using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Fetching and committing side by side: producers put what they fetched into a small bounded channel and go on
/// fetching while one consumer commits in arrival order. The rate gate's slots are freed by answers, so a fetcher
/// waiting for the single SQLite writer would leave the gate idle. When a fetch fails, what was already fetched is
/// still committed (progress is kept) before the failure surfaces; when a commit fails, fetching stops.
/// </summary>
internal static class FetchPipeline
{
    public static async Task RunAsync<T>(Func<ChannelWriter<T>, CancellationToken, Task> produce, Func<ChannelReader<T>, CancellationToken, Task> consume,
        int capacity, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(Math.Max(1, capacity)) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consumer = Task.Run(async () =>
        {
            try
            {
                await consume(channel.Reader, stop.Token);
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None);

        Exception? fetchFailure = null, commitFailure = null;
        try
        {
            await produce(channel.Writer, stop.Token);
        }
        catch (Exception e)
        {
            fetchFailure = e;
        }
        channel.Writer.TryComplete();
        try
        {
            await consumer;
        }
        catch (Exception e)
        {
            commitFailure = e;
        }
        // A fetch cancelled because a commit failed reports the commit's failure: that is the cause.
        var cause = commitFailure is not null and not OperationCanceledException ? commitFailure : fetchFailure ?? commitFailure;
        if (cause is not null)
            ExceptionDispatchInfo.Throw(cause);
    }
}
