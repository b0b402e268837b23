namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// A many-to-many link carried as an id array in the owner's payload (<c>role.user_ids</c>), mirrored as a
/// two-column table (<c>role_users(role_id, user_id)</c>).
/// </summary>
public sealed record LinkDefinition(string Table, string JsonKey, string OwnerColumn, string TargetColumn, string Target, WriteMode Write = WriteMode.Writable);
