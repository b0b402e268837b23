namespace HarvestOData.Server.OData.Writes;

/// <summary>
/// A write refused with an OData error: the status, a code, a message for people and, for body problems, the
/// property it is about (<c>target</c>). Thrown before anything reaches Harvest unless the status says Harvest refused.
/// </summary>
public sealed class WriteException(int status, string code, string message, string? target = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string? Target { get; } = target;

    /// <summary>Seconds to wait before retrying (503 answers).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static WriteException BadBody(string message, string? property = null) => new(400, "InvalidBody", message, property);

    public static WriteException BadRequest(string message) => new(400, "BadRequest", message);

    public static WriteException NotFound(string message) => new(404, "NotFound", message);

    public static WriteException NotAllowed(string message) => new(405, "MethodNotAllowed", message);
}
