using Microsoft.OData;

namespace HarvestOData.Server.OData.Writes.Bodies;

/// <summary>One entity of a body as ODataLib read it: its properties and what is nested under its navigation properties.</summary>
public sealed class BodyNode
{
    public ODataResourceBase? Resource { get; set; }

    public List<BodyNested> Nested { get; } = [];
}

/// <summary>
/// What a body says under one navigation property: <c>Project@odata.bind</c> references, a nested entity or array (deep
/// insert), or a delta array (<c>@odata.delta</c>) with changed, added and removed entries.
/// </summary>
public sealed class BodyNested(string name, bool isCollection)
{
    public string Name { get; } = name;

    public bool IsCollection { get; } = isCollection;

    public bool IsDelta { get; set; }

    public List<BodyNode> Items { get; } = [];

    public List<ODataDeletedResource> Removed { get; } = [];

    public List<Uri> References { get; } = [];
}
