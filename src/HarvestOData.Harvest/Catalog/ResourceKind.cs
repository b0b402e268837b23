namespace HarvestOData.Harvest.Catalog;

public enum ResourceKind
{
    /// <summary>Listed from its own top-level endpoint (<c>/v2/projects</c>).</summary>
    TopLevel,
    /// <summary>Listed per parent (<c>/v2/invoices/{id}/payments</c>); the parent id is not in the payload.</summary>
    PerParent,
    /// <summary>An array inside its parent's payload (<c>invoice.line_items</c>); no endpoint of its own.</summary>
    Embedded,
    /// <summary>The one <c>/v2/company</c> object.</summary>
    Singleton,
}
