using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Harvest.Client;

/// <summary>One page of a list answer.</summary>
/// <param name="Number">1-based position of this page in the walk (counted by the client; Harvest's <c>page</c> is null on middle cursor pages).</param>
/// <param name="TotalEntries">Harvest's <c>total_entries</c> for the whole list.</param>
/// <param name="TotalPages">Harvest's <c>total_pages</c>.</param>
/// <param name="Next">Harvest's <c>links.next</c>, followed verbatim; null on the last page.</param>
public sealed record HarvestPage(IReadOnlyList<HarvestRecord> Records, int Number, int? TotalEntries, int? TotalPages, Uri? Next);
