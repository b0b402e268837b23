using HarvestOData.Server.OData.Writes.Concurrency;

namespace HarvestOData.Server.Writes.Tests.Units;

public sealed class EntityTagTests
{
    private const string Current = "W/\"2024-03-01T09:30:00Z;2\"";

    [Theory]
    [InlineData("*", true)]
    [InlineData(" * ", true)]
    [InlineData(Current, true)]
    [InlineData("\"2024-03-01T09:30:00Z;2\"", true)]
    [InlineData("W/\"2024-01-01T00:00:00Z;2\", W/\"2024-03-01T09:30:00Z;2\"", true)]
    [InlineData("W/\"2024-03-01T09:30:00Z;1\"", false)]
    [InlineData("W/\"2024-03-01T09:30:00Z\"", false)]
    [InlineData("W/\"2024-03-01T09:30:01Z;2\"", false)]
    [InlineData("W/\"2024-03-01\"", false)]
    [InlineData("garbage", false)]
    public void If_Match_compares_weakly_and_accepts_lists_and_the_wildcard(string ifMatch, bool matches)
    {
        Assert.Equal(matches, EntityTag.Matches(ifMatch, Current));
    }

    [Fact]
    public void The_tag_is_the_stored_updated_at_in_UTC_seconds_and_the_row_version()
    {
        var at = new DateTimeOffset(2024, 3, 1, 10, 30, 0, 500, TimeSpan.FromHours(1));
        Assert.Equal(Current, EntityTag.Of(at, 2));
    }

    [Fact]
    public void Without_a_tag_only_the_wildcard_matches()
    {
        Assert.True(EntityTag.Matches("*", null));
        Assert.False(EntityTag.Matches(Current, null));
    }
}
