using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Tests.Support;

/// <summary>Records with a typed value in every field, varied by <c>seed</c>: the store must give each back exactly.</summary>
public static class TestRecords
{
    public static HarvestRecord Make(string resource, long id, int seed = 0)
    {
        var definition = EntityCatalog.Get(resource);
        var record = new HarvestRecord(definition);
        foreach (var field in definition.Fields)
            record[field.Column] = field.IsKey ? id : Value(field, id, seed);
        return record;
    }

    private static object? Value(HarvestField field, long id, int seed)
    {
        if (field.Nullable && (id + seed + field.Column.Length) % 7 == 0)
            return null;
        return field.Type switch
        {
            FieldType.Id => 1000 + (id * 31 + seed) % 97,
            FieldType.Integer => 36_000L + seed,
            FieldType.Decimal => 1.25m + seed + id % 10 / 4m,
            FieldType.Boolean => (id + seed) % 2 == 0,
            FieldType.Date => new DateOnly(2024, 1, 1).AddDays((int)(id % 700) + seed),
            FieldType.Timestamp => new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.Zero).AddSeconds(id * 61 + seed),
            FieldType.ClockTime => "3:15pm",
            FieldType.StringList => "member, manager",
            FieldType.Json => "[{\"name\":\"Ann\",\"email\":\"ann@example.com\"}]",
            _ => $"{field.Column} of {id} ({seed}) \u00e9\u00e8 \"quoted\"",
        };
    }
}
