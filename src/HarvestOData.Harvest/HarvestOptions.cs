using System.Reflection;
using HarvestOData.Harvest.Configuration;
using HarvestOData.Harvest.RateLimiting;

namespace HarvestOData.Harvest;

/// <summary>Configuration section <c>Harvest</c> (README.md, "Configuration"). <see cref="ToString"/> never shows the token.</summary>
public sealed class HarvestOptions : IValidatedOptions
{
    public const string Section = "Harvest";

    public const string DefaultBaseUrl = "https://api.harvestapp.com/v2/";

    /// <summary>Harvest's own rule: name the application and give a URL or e-mail address (docs/harvest.md#basics).</summary>
    public static string DefaultUserAgent { get; } =
        $"HarvestOData/{typeof(HarvestOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0"} (+https://github.com/harvestodata/harvestodata)";

    /// <summary>API root. Default <c>https://api.harvestapp.com/v2/</c>; a sandbox in tests and sandbox mode.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Sent as <c>Harvest-Account-Id</c>. Empty ⇒ sandbox mode (the host fills it in).</summary>
    public string? AccountId { get; set; }

    /// <summary>The sync jobs' personal access token (an administrator's). Empty ⇒ sandbox mode.</summary>
    public string? Token { get; set; }

    public string UserAgent { get; set; } = DefaultUserAgent;

    public RateLimitOptions RateLimit { get; set; } = new();

    public RetryOptions Retry { get; set; } = new();

    /// <summary>How long one attempt may take before it counts as timed out and is retried. Default 100 s.</summary>
    public double RequestTimeoutSeconds { get; set; } = 100;

    internal Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    /// <summary>Problems with these settings, each naming its configuration key.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            yield return $"{Section}:BaseUrl must be an absolute http(s) URL (got '{BaseUrl}').";
        if (!string.IsNullOrWhiteSpace(AccountId) && !long.TryParse(AccountId, out _))
            yield return $"{Section}:AccountId must be Harvest's numeric account id.";
        if (!string.IsNullOrWhiteSpace(Token) && string.IsNullOrWhiteSpace(AccountId))
            yield return $"{Section}:AccountId must be set when {Section}:Token is.";
        if (string.IsNullOrWhiteSpace(UserAgent) || !(UserAgent.Contains('@') || UserAgent.Contains("http", StringComparison.OrdinalIgnoreCase)))
            yield return $"{Section}:UserAgent must name the application and give a URL or e-mail address (Harvest refuses calls without one).";
        if (!(RequestTimeoutSeconds is >= 0.01 and <= 3600))
            yield return $"{Section}:RequestTimeoutSeconds must be between 0.01 and 3600 (got {RequestTimeoutSeconds}).";
        foreach (string problem in RateLimit.Validate($"{Section}:RateLimit"))
            yield return problem;
        foreach (string problem in Retry.Validate($"{Section}:Retry"))
            yield return problem;
    }

    public override string ToString() => $"Harvest {BaseUrl}, account {AccountId}, token {(string.IsNullOrEmpty(Token) ? "unset" : "***")}";
}
