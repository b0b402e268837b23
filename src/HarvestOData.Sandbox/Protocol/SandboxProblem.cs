using System.Text.Json;

namespace HarvestOData.Sandbox.Protocol;

/// <summary>
/// A refusal with Harvest's status and body: 401 is the OAuth error pair, 422 is <c>{"message": …}</c> (what Harvest
/// documents and clients parse); other statuses carry the message too, since their bodies are undocumented.
/// </summary>
internal sealed class SandboxProblem(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static SandboxProblem Invalid(string message) => new(422, message);

    public static SandboxProblem NotFound(string? what = null) => new(404, what is null ? "Not found" : $"{what} not found");

    public static SandboxProblem Forbidden() => new(403, "You do not have permission to perform this action.");

    public SandboxAnswer ToAnswer() => SandboxAnswer.Json(Status, Body(Status, Message));

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Body(int status, string message) => status switch
    {
        401 => JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "invalid_token", ["error_description"] = message }, Relaxed),
        422 => JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }, Relaxed),
        _ => JsonSerializer.Serialize(new Dictionary<string, object> { ["status"] = status, ["error"] = Reason(status), ["message"] = message }, Relaxed),
    };

    private static string Reason(int status) => status switch
    {
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
