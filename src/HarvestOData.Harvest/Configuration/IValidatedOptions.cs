namespace HarvestOData.Harvest.Configuration;

/// <summary>
/// A settings class that can say what is wrong with it. Each problem is one sentence that names its configuration key
/// (<c>Harvest:RateLimit:Requests must be between 1 and 1000 (got 0).</c>), so a person can fix it without the code.
/// Every settings class of every project validates this one way; <see cref="ValidatedOptions"/> wires it up.
/// </summary>
public interface IValidatedOptions
{
    IEnumerable<string> Validate();
}
