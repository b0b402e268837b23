using System.Text.RegularExpressions;

namespace HarvestOData.Server.Logging;

/// <summary>
/// The last line of defence between a secret and a log file: no code path should log a token, but a third-party
/// message (a URL with <c>?api_key=</c>, an <c>Authorization</c> header in an exception) must not leak one either.
/// </summary>
public static partial class LogRedaction
{
    public const string Mask = "***";

    /// <summary>Names of query parameters and log fields whose values are secrets.</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary><paramref name="text"/> with credentials masked: auth header values, secret query parameters, URL user info, Harvest tokens.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        text = AuthorizationValue().Replace(text, m => m.Groups[1].Value + Mask);
        text = SecretParameter().Replace(text, m => m.Groups[1].Value + Mask);
        text = UrlUserInfo().Replace(text, "://" + Mask + "@");
        return HarvestToken().Replace(text, Mask);
    }

    /// <summary>Bare <c>key</c>, <c>auth</c> and <c>bearer</c> too: clients put OAuth tokens and API keys there, in no recognisable format.</summary>
    [GeneratedRegex(@"token|password|passwd|pwd|secret|auth|bearer|key|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    /// <summary><c>Bearer x</c>, <c>Basic x</c> (header values, wherever they turn up).</summary>
    [GeneratedRegex(@"\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationValue();

    /// <summary><c>api_key=x</c>, <c>$token=x</c>, <c>password: x</c>, <c>auth=x</c> in query strings, forms and messages.</summary>
    [GeneratedRegex(@"((?:^|[?&;,\s""'{])\$?[A-Za-z_\-]*(?:token|password|passwd|pwd|secret|api[_-]?key|(?<![A-Za-z])(?:key|auth|bearer)(?![A-Za-z]))""?\s*[=:]\s*""?)[^&\s""',;}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();

    /// <summary>
    /// <paramref name="text"/> with every occurrence of the caller's own credential masked, whatever its format (a value
    /// equal to it in any parameter, a path segment). Credentials shorter than 8 characters are left to the patterns:
    /// masking every occurrence of a short string would garble the line without protecting anything real.
    /// </summary>
    public static string Redact(string text, string? credential)
    {
        if (credential is { Length: >= 8 } && !string.IsNullOrEmpty(text))
            text = text.Replace(credential, Mask, StringComparison.Ordinal);
        return Redact(text);
    }

    [GeneratedRegex(@"://[^/\s:@]+:[^/\s@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    /// <summary>Harvest personal access tokens look like <c>&lt;user id&gt;.pt.&lt;random&gt;</c>.</summary>
    [GeneratedRegex(@"\b\d+\.pt\.[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex HarvestToken();
}
