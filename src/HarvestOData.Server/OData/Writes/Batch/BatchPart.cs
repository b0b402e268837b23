namespace HarvestOData.Server.OData.Writes.Batch;

public enum BatchFormat
{
    /// <summary>OData 4.01 JSON batch (<c>{"requests":[…]}</c>, change sets as <c>atomicityGroup</c>).</summary>
    Json,
    /// <summary>OData 4.0 <c>multipart/mixed</c> (change sets as nested multiparts), what Power Query sends.</summary>
    Multipart,
}

/// <summary>One request of a batch, in the order sent.</summary>
/// <param name="Id">The JSON <c>id</c> or multipart <c>Content-ID</c> (generated when absent); <c>$id</c> in later URLs refers to its result.</param>
/// <param name="Group">The change set (JSON <c>atomicityGroup</c>) it belongs to, if any.</param>
/// <param name="DependsOn">Ids of requests (or groups) that must have succeeded first.</param>
public sealed record BatchPart(int Index, string Id, string Method, string Url, IReadOnlyDictionary<string, string> Headers, byte[] Body,
    string? Group, IReadOnlyList<string> DependsOn);

/// <summary>A parsed batch: its format and its requests.</summary>
public sealed record BatchDocument(BatchFormat Format, IReadOnlyList<BatchPart> Parts);

/// <summary>The answer to one part, or null when the part was not run (the batch stopped at an earlier failure).</summary>
public sealed record BatchOutcome(BatchPart Part, WriteResponse Response);
