using HarvestOData.Harvest.Configuration;

namespace HarvestOData.Server.OData.Routing;

/// <summary>The <c>OData</c> configuration section (README.md "Configuration"; the limits are in OData/README.md "Limits").</summary>
public sealed class ODataOptions : IValidatedOptions
{
    public const string Section = "OData";

    /// <summary><c>OData:PageSize</c>: rows per page before <c>@odata.nextLink</c>; <c>Prefer: odata.maxpagesize</c> can lower it.</summary>
    public int PageSize { get; set; } = 5000;

    /// <summary><c>OData:MaxTop</c>: the largest <c>$top</c> accepted.</summary>
    public long MaxTop { get; set; } = 1_000_000;

    /// <summary><c>OData:MaxQuerySeconds</c>: a statement running longer is interrupted.</summary>
    public double MaxQuerySeconds { get; set; } = 60;

    /// <summary>
    /// <c>OData:SkipTokenKey</c>: base64 key (≥ 16 bytes) signing next links. Empty: a random key per process, so next
    /// links die with a restart (clients then start over), which is fine for one server; set it when load-balancing.
    /// </summary>
    public string? SkipTokenKey { get; set; }

    public IEnumerable<string> Validate()
    {
        if (PageSize is < 1 or > 100_000)
            yield return $"{Section}:PageSize must be between 1 and 100000 (got {PageSize}).";
        if (MaxTop < 1)
            yield return $"{Section}:MaxTop must be positive (got {MaxTop}).";
        if (MaxQuerySeconds is < 0.1 or > 3600)
            yield return $"{Section}:MaxQuerySeconds must be between 0.1 and 3600 (got {MaxQuerySeconds}).";
        if (!string.IsNullOrEmpty(SkipTokenKey) && !IsKey(SkipTokenKey))
            yield return $"{Section}:SkipTokenKey must be base64 of at least 16 bytes.";
    }

    private static bool IsKey(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out int length) && length >= 16;
    }
}
