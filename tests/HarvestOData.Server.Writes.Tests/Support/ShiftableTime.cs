namespace HarvestOData.Server.Writes.Tests.Support;

/// <summary>
/// The sandbox's clock: real time plus an offset a test can push forward, so a change made "later" gets a later
/// updated_at (ETags have one-second resolution) without waiting. Moving forward only makes the sandbox's throttle
/// window forget sooner, never stricter than the server's gate.
/// </summary>
public sealed class ShiftableTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
