namespace HarvestOData.Sandbox;

/// <summary>How the sandbox refuses a call over the limit: v2's 429, or v1's 503 (both with <c>Retry-After</c>).</summary>
public enum ThrottleMode
{
    TooManyRequests429,
    Legacy503,
}
