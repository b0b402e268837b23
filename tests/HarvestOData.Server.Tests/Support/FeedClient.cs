using System.Net;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;

namespace HarvestOData.Server.Tests.Support;

/// <summary>Reads whole feeds (following every next link) through the conformance reader, and compares values with the sandbox.</summary>
public static class FeedClient
{
    public static async Task<(List<Entity> Rows, long? Count, int Pages)> ReadAllAsync(ODataFixture fixture, string url, string set, SandboxUser? user = null, string? accept = null)
    {
        var rows = new List<Entity>();
        long? count = null;
        string? next = url;
        int pages = 0;
        while (next is not null)
        {
            using var response = await fixture.GetAsync(next, user, accept);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var feed = await ODataConformance.ReadFeedAsync(response, fixture.Model, set);
            rows.AddRange(feed.Rows);
            count ??= feed.Count;
            Assert.True(feed.NextLink is null || feed.NextLink.IsAbsoluteUri, "next links must be absolute");
            next = feed.NextLink?.PathAndQuery;
            Assert.True(++pages < 1000, "too many pages");
        }
        return (rows, count, pages);
    }

    public static List<long> Ids(IEnumerable<Entity> rows) => rows.Select(r => r.Key).ToList();

    /// <summary>What the reader gives for a sandbox value (Edm.Date → DateOnly etc.), for comparisons.</summary>
    public static object? Normal(object? value) => HarvestOData.Server.OData.Model.EdmValues.Normalize(value) switch
    {
        DateTimeOffset t => t.ToUniversalTime(),
        var other => other,
    };

    /// <summary>Every property of <paramref name="entity"/> equals the sandbox row's value (the mirror and the payload lose nothing).</summary>
    public static void AssertSameAsSandbox(Entity entity, HarvestRecord row)
    {
        foreach (var field in row.Resource.Fields)
        {
            string name = Naming.Pascal(field.Column);
            if (!entity.Values.TryGetValue(name, out var actual))
                continue;
            object? expected = row[field.Column];
            if (field.Type == FieldType.Decimal && expected is decimal d)
                expected = (decimal)(double)d;
            Assert.True(Equals(Normal(expected), Normal(actual)), $"{row} {name}: expected '{expected}', served '{actual}'");
        }
    }
}
