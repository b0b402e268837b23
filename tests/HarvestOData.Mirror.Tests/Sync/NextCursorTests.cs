using HarvestOData.Mirror.Sync;

namespace HarvestOData.Mirror.Tests.Sync;

public sealed class NextCursorTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_page_is_a_snapshot_so_the_newest_row_seen_becomes_the_watermark() =>
        Assert.Equal(Start.AddMinutes(-3), ListPass.NextCursor(Start.AddHours(-1), Start, Start.AddMinutes(-3), singleSnapshot: true));

    [Fact]
    public void A_walk_of_several_pages_never_moves_past_its_own_start()
    {
        // A row changed during the walk may sit on a page already read: only the next pass can see it.
        Assert.Equal(Start, ListPass.NextCursor(Start.AddHours(-1), Start, Start.AddSeconds(40), singleSnapshot: false));
        Assert.Equal(Start.AddMinutes(-5), ListPass.NextCursor(Start.AddHours(-1), Start, Start.AddMinutes(-5), singleSnapshot: false));
    }

    [Fact]
    public void Nothing_changed_keeps_the_watermark_and_it_never_moves_back()
    {
        Assert.Equal(Start.AddHours(-1), ListPass.NextCursor(Start.AddHours(-1), Start, null, singleSnapshot: true));
        Assert.Equal(Start.AddHours(-1), ListPass.NextCursor(Start.AddHours(-1), Start, Start.AddHours(-2), singleSnapshot: true));
    }

    [Fact]
    public void Watermarks_have_second_precision_like_Harvest() =>
        Assert.Equal(Start, ListPass.NextCursor(null, Start.AddMilliseconds(700), null, singleSnapshot: false));
}
