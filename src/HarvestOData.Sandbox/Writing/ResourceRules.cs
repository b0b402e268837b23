using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// Harvest's behaviour specific to one resource (timers, computed amounts, state changes), on top of the generic
/// write path. Every hook runs under the store's write lock; throwing a <see cref="Protocol.SandboxProblem"/>
/// before the row is saved leaves nothing written.
/// </summary>
internal abstract class ResourceRules
{
    /// <summary>Defaults, derived fields and validation before the row is saved.</summary>
    public virtual void BeforeSave(WriteContext context)
    {
    }

    /// <summary>Side effects once the row (and its embedded items) is saved: totals, other rows.</summary>
    public virtual void AfterSave(WriteContext context)
    {
    }

    /// <summary>Refuses a delete Harvest refuses (a task assignment with time entries).</summary>
    public virtual void BeforeDelete(DeleteCheck check)
    {
    }

    /// <summary>Rows deleted along with this one besides the catalog's cascades and children: (resource, column holding this id).</summary>
    public virtual IEnumerable<(string Resource, string Column)> AlsoDeletes => [];

    /// <summary>Side effects once the row is gone (a payment's amount back on its invoice); the row's values are passed.</summary>
    public virtual void AfterDelete(SandboxStore store, IReadOnlyDictionary<string, object?> deleted, DateTimeOffset now)
    {
    }
}
