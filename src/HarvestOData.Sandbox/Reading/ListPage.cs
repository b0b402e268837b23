namespace HarvestOData.Sandbox.Reading;

/// <summary>One page of a list: its rows and Harvest's envelope numbers and links.</summary>
internal sealed record ListPage(
    IReadOnlyList<int> Rows,
    int PerPage,
    int TotalPages,
    int TotalEntries,
    int? NextPage,
    int? PreviousPage,
    int? Page,
    string First,
    string? Next,
    string? Previous,
    string Last);
