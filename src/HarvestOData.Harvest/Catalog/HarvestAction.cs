namespace HarvestOData.Harvest.Catalog;

/// <summary>An extra verb on one record, e.g. <c>PATCH time_entries/{id}/stop</c>.</summary>
public sealed record HarvestAction(string Name, string Method, string PathTemplate);
