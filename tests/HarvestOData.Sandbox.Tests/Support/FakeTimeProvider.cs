namespace HarvestOData.Sandbox.Tests.Support;

/// <summary>A clock tests move by hand (Microsoft.Extensions.TimeProvider.Testing is not in the registry copy).</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    /// <summary>A Wednesday afternoon, so "today" has work logged and last month is invoiced.</summary>
    public FakeTimeProvider()
        : this(new DateTimeOffset(2025, 6, 18, 14, 30, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan delta)
    {
        lock (_gate)
            _now += delta;
    }
}
