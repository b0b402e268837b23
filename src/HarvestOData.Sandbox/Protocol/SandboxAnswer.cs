using System.Text;

namespace HarvestOData.Sandbox.Protocol;

/// <summary>What the core answers; <see cref="Drop"/> asks the adapter to break the connection instead.</summary>
/// <param name="RetryAfter">The <c>Retry-After</c> header as sent (whole seconds, or a fraction such as <c>7.5</c>).</param>
internal sealed record SandboxAnswer(int Status, byte[] Body, string? RetryAfter = null, bool Drop = false)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static SandboxAnswer Json(int status, string json, string? retryAfter = null) => new(status, Encoding.UTF8.GetBytes(json), retryAfter);

    public static SandboxAnswer Dropped { get; } = new(0, [], Drop: true);
}
