namespace HarvestOData.Server.Writes.Tests.Support;

/// <summary>
/// The sandbox's clock in the write suite: real time plus an offset a test can push forward, so a change made "later"
/// gets a later updated_at (ETags have one-second resolution) without waiting. Deliberately not the shared
/// <see cref="FakeTimeProvider"/>: a real server runs here, its rate gate on real time, against this sandbox; a
/// sandbox on a stopped clock would never let its 15-second throttle window forget, so it would answer 429 to calls
/// the server's gate rightly let through. Moving forward only makes the sandbox's window forget sooner, never
/// stricter than the server's gate.
/// </summary>
public sealed class ShiftedRealTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
