using System.Globalization;
using System.Text.Json;
using HarvestOData.Server.OData.Serialization;
using HarvestOData.Server.Status;
using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.Auth;

/// <summary>
/// Writes an <see cref="AuthenticationRefusedException"/> in the shape the surface's clients read (<see cref="RefusalFormat"/>):
/// OData error JSON on <c>/odata</c>, the HTML refusal page for the status page, JSON for <c>/status</c>. A 401 carries
/// the Basic challenge so browsers and Excel prompt; 429 and 503 carry <c>Retry-After</c>.
/// </summary>
public static class RefusalWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(HttpContext http, AuthenticationRefusedException refusal)
    {
        var response = http.Response;
        if (response.HasStarted)
            return;
        if (refusal.Status == StatusCodes.Status401Unauthorized)
            response.Headers.WWWAuthenticate = $"Basic realm=\"{HarvestAuthentication.Realm}\"";
        if (refusal.RetryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        var format = FormatOf(http);
        if (format == RefusalFormat.ODataError)
        {
            await ErrorWriter.WriteAsync(response, refusal.Status, refusal.Code, refusal.Message, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        response.StatusCode = refusal.Status;
        if (format == RefusalFormat.Html)
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(StatusPage.Refusal(refusal.Title, refusal.Message), http.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await response.WriteAsJsonAsync(new { error = refusal.Title, message = refusal.Message }, Json, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static RefusalFormat FormatOf(HttpContext http)
    {
        var request = http.Request;
        var declared = http.GetEndpoint()?.Metadata.GetMetadata<RefusalFormat>();
        if (declared == RefusalFormat.HtmlForBrowsers)
        {
            return HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
                ? RefusalFormat.Html
                : RefusalFormat.Json;
        }
        if (declared is not null)
            return declared;
        return request.Path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase) ? RefusalFormat.ODataError : RefusalFormat.Json;
    }
}
