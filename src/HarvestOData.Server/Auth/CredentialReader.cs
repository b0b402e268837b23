using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.Auth;

/// <summary>
/// Finds the caller's Harvest token: <c>Authorization: Bearer &lt;token&gt;</c>, or Basic with the token as the password and
/// any or empty user name (Excel's Basic credential; Power Query's Key credential sends <c>Basic base64(":" + key)</c>).
/// </summary>
public static class CredentialReader
{
    /// <summary>Query parameters that would carry a token into access logs; refused outright.</summary>
    public static readonly string[] RefusedQueryParameters = ["access_token", "api_key", "token", "$access_token", "$api_key", "$token"];

    public static string? RefusedQueryParameter(HttpRequest request) =>
        request.Query.Keys.FirstOrDefault(k => RefusedQueryParameters.Contains(k, StringComparer.OrdinalIgnoreCase));

    /// <summary>The token, or null when the request carries no usable credential.</summary>
    public static string? Token(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header) || !AuthenticationHeaderValue.TryParse(header, out var value) || string.IsNullOrWhiteSpace(value.Parameter))
            return null;
        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return Usable(value.Parameter.Trim());
        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return null;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value.Parameter.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
        string pair = Encoding.UTF8.GetString(bytes);
        int colon = pair.IndexOf(':');
        string password = colon < 0 ? "" : pair[(colon + 1)..];
        return Usable(password);
    }

    /// <summary>
    /// Harvest tokens are visible ASCII. Anything else (a newline, a control character, non-ASCII) cannot be sent on
    /// to Harvest as a header, so it is no credential at all: 401, not a failure further down.
    /// </summary>
    private static string? Usable(string token) =>
        token.Length > 0 && token.All(c => c is > ' ' and <= '~') ? token : null;
}
