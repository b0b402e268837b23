namespace HarvestOData.Harvest.Catalog;

/// <summary>How Harvest pages a list endpoint (docs/harvest.md#paging).</summary>
public enum Paging
{
    /// <summary><c>links.next</c> carries an opaque <c>cursor</c>; <c>page</c>/<c>next_page</c> are null on middle pages.</summary>
    Cursor,
    /// <summary><c>page=N</c> (time entries, expenses, invoices, estimates).</summary>
    PageNumber,
    /// <summary>A single object, not a list (<c>/company</c>).</summary>
    None,
}
