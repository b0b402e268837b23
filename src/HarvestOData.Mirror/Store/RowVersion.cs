using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// A counter per mirrored row, bumped by <see cref="PageUpsert"/> whenever an upsert really changes the row. Harvest's
/// <c>updated_at</c> has one-second resolution, so two changes within one second leave it unchanged; together with
/// this counter the row's entity tag changes with every change the mirror writes or sees. Only tables with
/// <c>updated_at</c> carry it (the others have no entity tag).
/// </summary>
public static class RowVersion
{
    public const string Column = "row_version";

    public static bool Applies(ResourceDefinition resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.FindField(CatalogNames.UpdatedAt) is not null;
    }
}
