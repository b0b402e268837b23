namespace HarvestOData.Server.OData.Writes.Responses;

/// <summary>The <c>Prefer</c> header of a write: <c>return=representation|minimal</c>, <c>respond-async</c>, <c>continue-on-error</c>.</summary>
public sealed record Preferences(string? Return, bool RespondAsync, bool? ContinueOnError)
{
    public static readonly Preferences None = new(null, false, null);

    public bool WantsRepresentation => Return == "representation";

    public bool WantsMinimal => Return == "minimal";

    public static Preferences Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return None;
        string? returns = null;
        bool respondAsync = false;
        bool? continueOnError = null;
        foreach (string part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            string name = pair[0].ToLowerInvariant();
            string? value = pair.Length > 1 ? pair[1].Trim('"').ToLowerInvariant() : null;
            switch (name)
            {
                case "return" when value is "representation" or "minimal":
                    returns = value;
                    break;
                case "respond-async":
                    respondAsync = true;
                    break;
                case "continue-on-error" or "odata.continue-on-error":
                    continueOnError = value is null or "true";
                    break;
            }
        }
        return new Preferences(returns, respondAsync, continueOnError);
    }
}
