namespace HarvestOData.Sandbox;

/// <summary>A demo user's personal access token, user id and primary role (administrator, manager or member).</summary>
public sealed record SandboxUser(string Token, long UserId, string Role)
{
    /// <summary>Never prints the token (tokens must not reach logs).</summary>
    public override string ToString() => $"{Role} (user {UserId})";
}
