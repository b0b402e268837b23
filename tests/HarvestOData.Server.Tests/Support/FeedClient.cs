using System.Net;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;
using Microsoft.OData.Edm;

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
        if (accept?.Contains("odata.metadata=full", StringComparison.OrdinalIgnoreCase) != true)
            await AssertSameInFullMetadataAsync(fixture, url, set, rows, user);
        return (rows, count, pages);
    }

    public const string FullMetadata = "application/json;odata.metadata=full";

    /// <summary>
    /// Reads <paramref name="url"/> again in <c>odata.metadata=full</c> through the strict reader, following next links,
    /// with every single-valued navigation expanded when the URL expands nothing itself (full metadata writes a
    /// navigation link per navigation, and an expanded one must stand next to its value), and checks the same rows and
    /// values come back as in <paramref name="minimal"/>. Scoped callers read without the added expansion: what they may
    /// expand is the scope tests' business.
    /// </summary>
    public static async Task AssertSameInFullMetadataAsync(ODataFixture fixture, string url, string set, IReadOnlyList<Entity> minimal, SandboxUser? user = null)
    {
        bool administrator = user is null || user == fixture.Sandbox.Administrator;
        string full = administrator ? WithSingleNavigationsExpanded(fixture, url, set) : url;
        var rows = new List<Entity>();
        string? next = full;
        int pages = 0;
        while (next is not null)
        {
            using var response = await fixture.GetAsync(next, user, FullMetadata);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next} in full metadata answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var feed = await ODataConformance.ReadFeedAsync(response, fixture.Model, set);
            rows.AddRange(feed.Rows);
            next = feed.NextLink?.PathAndQuery;
            Assert.True(++pages < 1000, "too many pages");
        }
        Assert.Equal(minimal.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(minimal[i].Values.OrderBy(v => v.Key, StringComparer.Ordinal), rows[i].Values.OrderBy(v => v.Key, StringComparer.Ordinal));
            foreach (string expanded in minimal[i].Expanded.Keys)
                Assert.True(rows[i].Expanded.ContainsKey(expanded), $"{full}: row {i} lost its expansion {expanded} in full metadata");
        }
    }

    /// <summary>The single entity at <paramref name="url"/> read again in full metadata (single navigations expanded): the same values.</summary>
    public static async Task AssertEntitySameInFullMetadataAsync(ODataFixture fixture, string url, string source, Entity minimal)
    {
        string full = WithSingleNavigationsExpanded(fixture, url, source);
        using var response = await fixture.GetAsync(full, accept: FullMetadata);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{full} in full metadata answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var entity = await ODataConformance.ReadEntityAsync(response, fixture.Model, source);
        Assert.Equal(minimal.Values.OrderBy(v => v.Key, StringComparer.Ordinal), entity.Values.OrderBy(v => v.Key, StringComparer.Ordinal));
    }

    /// <summary>The URL with <c>$expand</c> of every single-valued navigation, unless it expands or aggregates already.</summary>
    private static string WithSingleNavigationsExpanded(ODataFixture fixture, string url, string set)
    {
        if (url.Contains("expand=", StringComparison.OrdinalIgnoreCase) || url.Contains("apply=", StringComparison.OrdinalIgnoreCase))
            return url;
        var type = ((IEdmNavigationSource?)fixture.Model.EntityContainer.FindEntitySet(set) ?? fixture.Model.EntityContainer.FindSingleton(set))?.EntityType;
        var single = type?.NavigationProperties().Where(n => !n.Type.IsCollection()).Select(n => n.Name).ToList() ?? [];
        if (single.Count == 0)
            return url;
        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "$expand=" + string.Join(",", single);
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
