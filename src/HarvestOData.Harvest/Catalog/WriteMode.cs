namespace HarvestOData.Harvest.Catalog;

/// <summary>Whether a field may be sent to Harvest in a create or update body.</summary>
public enum WriteMode
{
    /// <summary>Harvest computes it; a body that sets it is refused.</summary>
    ReadOnly,
    /// <summary>May be sent on create and on update.</summary>
    Writable,
    /// <summary>Must be sent on create; may be sent on update.</summary>
    Required,
    /// <summary>May be sent on create only (e.g. the user of a time entry).</summary>
    CreateOnly,
    /// <summary>Must be sent on create and cannot change afterwards (e.g. the user of a user assignment).</summary>
    RequiredCreateOnly,
}
