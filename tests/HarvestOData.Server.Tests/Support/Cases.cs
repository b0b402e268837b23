using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.Tests.Support;

/// <summary>Typed access to sandbox values in LINQ predicates.</summary>
public static class Cases
{
    public static decimal? Dec(this HarvestRecord row, string column) => (decimal?)row[column];

    public static long? Long(this HarvestRecord row, string column) => (long?)row[column];

    public static string? Str(this HarvestRecord row, string column) => (string?)row[column];

    public static bool Bool(this HarvestRecord row, string column) => (bool)row[column]!;

    public static DateOnly Date(this HarvestRecord row, string column) => (DateOnly)row[column]!;

    public static DateTimeOffset Time(this HarvestRecord row, string column) => (DateTimeOffset)row[column]!;
}
