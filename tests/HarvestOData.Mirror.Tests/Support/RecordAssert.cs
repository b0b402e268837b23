using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Tests.Support;

/// <summary>Field-for-field comparison of typed records, children and links included.</summary>
public static class RecordAssert
{
    public static void Equal(IReadOnlyList<HarvestRecord> expected, IReadOnlyList<HarvestRecord> actual, string what)
    {
        var expectedById = expected.ToDictionary(r => r.Id);
        var actualById = actual.ToDictionary(r => r.Id);
        var missing = expectedById.Keys.Except(actualById.Keys).Order().Take(10).ToList();
        var extra = actualById.Keys.Except(expectedById.Keys).Order().Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what}: {expected.Count} expected, {actual.Count} mirrored; missing ids [{string.Join(", ", missing)}], extra ids [{string.Join(", ", extra)}]");
        foreach (var (id, want) in expectedById)
            Equal(want, actualById[id], $"{what} #{id}");
    }

    public static void Equal(HarvestRecord expected, HarvestRecord actual, string what)
    {
        foreach (var field in expected.Resource.Fields)
        {
            object? want = Normalize(field, expected[field.Column]), got = Normalize(field, actual[field.Column]);
            Assert.True(Equals(want, got), $"{what}.{field.Column}: expected <{want ?? "null"}> ({want?.GetType().Name}), mirrored <{got ?? "null"}> ({got?.GetType().Name})");
        }
        foreach (var child in EntityCatalog.EmbeddedIn(expected.Resource))
        {
            Equal(expected.Children.GetValueOrDefault(child.Name) ?? [], actual.Children.GetValueOrDefault(child.Name) ?? [], $"{what}.{child.Name}");
        }
        foreach (var link in expected.Resource.Links)
        {
            var want = (expected.Links.GetValueOrDefault(link.Table) ?? []).Order().ToList();
            var got = (actual.Links.GetValueOrDefault(link.Table) ?? []).Order().ToList();
            Assert.True(want.SequenceEqual(got), $"{what}.{link.Table}: expected [{string.Join(",", want)}], mirrored [{string.Join(",", got)}]");
        }
    }

    /// <summary>Values as the mirror's convention stores them: decimals by value, instants in UTC to the second, JSON by meaning (escapes vary).</summary>
    private static object? Normalize(HarvestField field, object? value) => value switch
    {
        string json when field.Type == FieldType.Json => System.Text.Json.Nodes.JsonNode.Parse(json)?.ToJsonString(),
        decimal d => (double)d,
        double d => d,
        int i => (long)i,
        DateTimeOffset t => new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero),
        _ => value,
    };
}
