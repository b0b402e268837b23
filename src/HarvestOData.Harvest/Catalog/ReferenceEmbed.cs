namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// What Harvest embeds for a nested reference besides its id (<c>"project": {"id", "name", "code"}</c>). The mirror
/// keeps only the id; the other keys are copies of the target's fields (a user's <c>name</c> is its full name),
/// which the sandbox renders and readers may ignore.
/// </summary>
public sealed record ReferenceEmbed(string JsonKey, string Target, IReadOnlyList<string> Keys);
