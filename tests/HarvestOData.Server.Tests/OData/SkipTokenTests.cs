using HarvestOData.Server.OData.Query.Paging;

namespace HarvestOData.Server.Tests.OData;

public sealed class SkipTokenTests
{
    private readonly SkipTokenProtector _protector = SkipTokenProtector.WithRandomKey();

    [Fact]
    public void Values_round_trip_with_their_types()
    {
        var token = SkipToken.After([null, 42L, 1.5, "a \"quoted\" text", "2024-01-01"]);
        var back = _protector.Unprotect(_protector.Protect(token, "q"), "q");
        Assert.Equal(token.Values, back.Values);
        Assert.Equal(42L, back.Values[1]);
        Assert.Equal(1.5, back.Values[2]);
    }

    [Fact]
    public void A_token_does_not_fit_another_query_or_another_key()
    {
        string text = _protector.Protect(SkipToken.AtOffset(500), "TimeEntries\n$orderby=Hours");
        Assert.Throws<HarvestOData.Server.OData.Query.BadQueryException>(() => _protector.Unprotect(text, "TimeEntries\n$orderby=Id"));
        Assert.Throws<HarvestOData.Server.OData.Query.BadQueryException>(() => SkipTokenProtector.WithRandomKey().Unprotect(text, "TimeEntries\n$orderby=Hours"));
        Assert.Equal(500, _protector.Unprotect(text, "TimeEntries\n$orderby=Hours").Offset);
    }
}
