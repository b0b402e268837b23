namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// The folders of the Power Query connector's navigator, the way an analyst thinks of Harvest, in navigator order.
/// Each resource names its folder in <see cref="EntityCatalog"/>; the connector's build writes the tree from there.
/// </summary>
public enum NavigatorFolder
{
    Time,
    Projects,
    People,
    Invoicing,
    Estimates,
}
