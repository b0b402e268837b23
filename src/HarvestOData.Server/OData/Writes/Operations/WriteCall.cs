using HarvestOData.Server.OData.Serialization;
using HarvestOData.Server.OData.Writes.Responses;

namespace HarvestOData.Server.OData.Writes.Operations;

/// <summary>One write being executed: who, what was asked, what the URL addresses, and how the answer should look.</summary>
public sealed record WriteCall(WriteSession Session, WriteRequest Request, WriteTarget Target, Preferences Prefer, ResponseFormat Format)
{
    public long AccountKey => long.Parse(Session.AccountId, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The addressed key; the company singleton's is the account id.</summary>
    public long Key => Target.Key ?? (Target.Set.IsSingleton ? AccountKey : throw WriteException.BadRequest("This write needs a key."));

    public string Describe => $"{Target.Set.Type.Name}({Key})";
}
