using HarvestOData.Server.OData.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HarvestOData.Server.OData.Protocol;

/// <summary>
/// What every <c>/odata</c> request passes before routing, whichever handler then serves it:
/// <list type="bullet">
/// <item>A raw <c>+</c> in the query is a plus, as OData's ABNF reads it (<c>CreatedAt ge 2025-01-01T00:00:00+02:00</c>);
/// form decoding, which ODataLib's and ASP.NET Core's query parsers both apply, would make it a space. It is rewritten
/// to <c>%2B</c> in the raw target and in <see cref="HttpRequest.QueryString"/>, so every parser downstream sees a plus.
/// A space is <c>%20</c> in an OData URL.</item>
/// <item>The service speaks OData 4.0 (and reads 4.01 bodies): <c>OData-MaxVersion</c> below 4.0 is 406 and an
/// <c>OData-Version</c> other than 4.x is 400 (Protocol 8.2.6/8.2.7), both as OData errors, never a 4.0 answer the
/// client did not ask for.</item>
/// <item><c>$batch</c> is POST only: any other method is 405 with <c>Allow: POST</c>.</item>
/// </list>
/// </summary>
public static class ODataProtocolGate
{
    public const string Prefix = "/odata";

    public static async Task<bool> PassAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var rest))
            return true;
        KeepPlusSigns(context);
        if (Refusal(request) is { } refusal)
        {
            await ErrorWriter.WriteAsync(context.Response, refusal.Status, refusal.Code, refusal.Message, context.RequestAborted).ConfigureAwait(false);
            return false;
        }
        if (rest.Equals("/$batch", StringComparison.Ordinal) && !HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await ErrorWriter.WriteAsync(context.Response, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed",
                $"$batch takes POST only, not {request.Method}.", context.RequestAborted).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    /// <summary>The query with every raw <c>+</c> percent-encoded; the same string when it has none.</summary>
    public static string EncodePlus(string query) => query.Contains('+', StringComparison.Ordinal) ? query.Replace("+", "%2B", StringComparison.Ordinal) : query;

    private static void KeepPlusSigns(HttpContext context)
    {
        var request = context.Request;
        if (request.QueryString.HasValue && request.QueryString.Value!.Contains('+', StringComparison.Ordinal))
            request.QueryString = new QueryString(EncodePlus(request.QueryString.Value));
        // The raw target is what this service's own URL parser reads; a path keeps its plus signs (they are literal there).
        if (context.Features.Get<IHttpRequestFeature>() is { RawTarget: { Length: > 0 } raw } feature)
        {
            int question = raw.IndexOf('?', StringComparison.Ordinal);
            if (question >= 0 && raw.IndexOf('+', question) >= 0)
                feature.RawTarget = raw[..question] + EncodePlus(raw[question..]);
        }
    }

    private static (int Status, string Code, string Message)? Refusal(HttpRequest request)
    {
        string maxVersion = request.Headers["OData-MaxVersion"].ToString();
        if (maxVersion.Length > 0 && (!TryParse(maxVersion, out var max) || max.Major < 4))
        {
            return (StatusCodes.Status406NotAcceptable, "UnsupportedVersion",
                $"OData-MaxVersion: {maxVersion} asks for a version below 4.0; this service answers OData 4.0 only.");
        }
        string version = request.Headers["OData-Version"].ToString();
        if (version.Length > 0 && (!TryParse(version, out var stated) || stated.Major != 4))
        {
            return (StatusCodes.Status400BadRequest, "UnsupportedVersion",
                $"OData-Version: {version} is not understood here; send 4.0 or 4.01 (or leave the header out).");
        }
        return null;
    }

    /// <summary><c>4.0</c>, <c>4.01</c>, or a bare major (<c>4</c>), which some clients send.</summary>
    private static bool TryParse(string header, out Version version)
    {
        string text = header.Trim();
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            text += ".0";
        return Version.TryParse(text, out version!) && version.Build < 0;
    }
}
