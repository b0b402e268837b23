using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.OData.Writes.Mirror;

/// <summary>One change to bring the mirror to what Harvest now holds after a write.</summary>
public abstract record MirrorEdit
{
    /// <summary>Insert or replace a row as Harvest answered it (embedded items and links replaced with it).</summary>
    public sealed record Upsert(HarvestRecord Record, long? ParentId = null) : MirrorEdit;

    /// <summary>Remove a row, what hangs off it, and — with <paramref name="Cascade"/> — what Harvest deletes with it.</summary>
    public sealed record Delete(ResourceDefinition Resource, long Id, bool Cascade = true) : MirrorEdit;

    /// <summary>The table and id of the row the edit touches.</summary>
    public (string Table, long Id) Row => this switch
    {
        Upsert upsert => (upsert.Record.Resource.Name, upsert.Record.Id),
        Delete delete => (delete.Resource.Name, delete.Id),
        _ => throw new InvalidOperationException($"Unknown mirror edit {GetType().Name}."),
    };
}
