using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Writes.Bodies;
using HarvestOData.Server.OData.Writes.Concurrency;
using HarvestOData.Server.OData.Writes.Harvest;
using HarvestOData.Server.OData.Writes.Mirror;
using HarvestOData.Server.OData.Writes.Responses;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>What every write operation uses, bundled so their constructors stay short.</summary>
public sealed class WriteServices(
    ServiceModel model,
    ODataBodyReader bodies,
    HarvestCalls harvest,
    MirrorRows rows,
    MirrorWriteBack mirror,
    EntityResponder responder,
    QueryLimits limits,
    MirrorDatabase database)
{
    public ServiceModel Model { get; } = model;

    public ODataBodyReader Bodies { get; } = bodies;

    public HarvestCalls Harvest { get; } = harvest;

    public MirrorRows Rows { get; } = rows;

    public MirrorWriteBack Mirror { get; } = mirror;

    public EntityResponder Responder { get; } = responder;

    /// <summary>The read side's limits, also for the <c>$select</c>/<c>$expand</c> of a write's returned representation.</summary>
    public QueryLimits Limits { get; } = limits;

    public StoredTags Tags { get; } = new(database);
}
