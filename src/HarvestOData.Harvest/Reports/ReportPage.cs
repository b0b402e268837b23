using System.Text.Json;
using System.Text.Json.Serialization;

namespace HarvestOData.Harvest.Reports;

/// <summary>Harvest's report envelope: the rows under <c>results</c> and page-number paging (reports have no cursors).</summary>
public sealed record ReportPage<TRow>(
    [property: JsonPropertyName("results")] IReadOnlyList<TRow> Results,
    [property: JsonPropertyName("per_page")] int PerPage,
    [property: JsonPropertyName("total_pages")] int TotalPages,
    [property: JsonPropertyName("total_entries")] int TotalEntries,
    [property: JsonPropertyName("next_page")] int? NextPage,
    [property: JsonPropertyName("previous_page")] int? PreviousPage,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("links")] ReportLinks Links);

public sealed record ReportLinks(
    [property: JsonPropertyName("first")] string First,
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("previous")] string? Previous,
    [property: JsonPropertyName("last")] string Last);

/// <summary>Reads and writes report pages. Numbers keep their decimal value (<c>33.35</c> stays exactly 33.35).</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static ReportPage<TRow> ReadPage<TRow>(string json) =>
        JsonSerializer.Deserialize<ReportPage<TRow>>(json, Options) ?? throw new JsonException("A report page was null.");

    public static async Task<ReportPage<TRow>> ReadPageAsync<TRow>(Stream json, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<ReportPage<TRow>>(json, Options, cancellationToken).ConfigureAwait(false)
        ?? throw new JsonException("A report page was null.");

    public static byte[] Write<TRow>(ReportPage<TRow> page) => JsonSerializer.SerializeToUtf8Bytes(page, Options);
}
