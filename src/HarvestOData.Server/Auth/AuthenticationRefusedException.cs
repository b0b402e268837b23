using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.Auth;

/// <summary>
/// A refusal as the authentication handler reports it (<c>AuthenticateResult.Fail</c>) and its challenge writes it:
/// status, OData error code, a title for the HTML and JSON bodies, a message naming what to do. Never carries the token.
/// </summary>
public sealed class AuthenticationRefusedException(RefusalReason reason, TimeSpan? retryAfter = null, string? detail = null)
    : Exception(MessageFor(reason, detail))
{
    public RefusalReason Reason { get; } = reason;

    /// <summary>Sent as <c>Retry-After</c> (whole seconds, at least one) with a 429 or 503.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public int Status => Reason switch
    {
        RefusalReason.TokenInQuery => StatusCodes.Status400BadRequest,
        RefusalReason.TooManyFailures => StatusCodes.Status429TooManyRequests,
        RefusalReason.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RefusalReason.NotAdministrator => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status401Unauthorized,
    };

    /// <summary>The OData error code.</summary>
    public string Code => Reason switch
    {
        RefusalReason.TokenInQuery => "TokenInQuery",
        RefusalReason.TooManyFailures => "TooManyFailedAuthentications",
        RefusalReason.Unavailable => "HarvestUnavailable",
        RefusalReason.NotAdministrator => "Forbidden",
        _ => "Unauthorized",
    };

    /// <summary>The heading of the status page's refusal, and <c>error</c> in the JSON ones.</summary>
    public string Title => Reason switch
    {
        RefusalReason.TokenInQuery => "Token in the URL",
        RefusalReason.TooManyFailures => "Too many refused tokens",
        RefusalReason.Unavailable => "Harvest unavailable",
        RefusalReason.NotAdministrator => "Administrators only",
        _ => "Sign in with your Harvest token",
    };

    /// <param name="detail">The query parameter for <see cref="RefusalReason.TokenInQuery"/>, the caller's role for <see cref="RefusalReason.NotAdministrator"/>.</param>
    private static string MessageFor(RefusalReason reason, string? detail) => reason switch
    {
        RefusalReason.NoToken => "Send your Harvest personal access token: Authorization: Bearer <token>, or Basic with any user name and the token as password.",
        RefusalReason.NoAccount => "Send the Harvest-Account-Id header with your token.",
        RefusalReason.Refused => "Harvest did not accept this token.",
        RefusalReason.TokenInQuery => $"Tokens are not accepted in the URL ('{detail}' ends up in logs and browser history); send Authorization: Bearer <token> or Basic with the token as password.",
        RefusalReason.TooManyFailures => "Too many tokens from this address were refused by Harvest; wait before trying another one.",
        RefusalReason.Unavailable => "Harvest could not confirm your token right now; try again shortly.",
        RefusalReason.NotAdministrator => $"The status page and the job dashboard are for Harvest administrators; this token belongs to a {detail ?? "non-administrator"}. The OData feed itself works with your token.",
        _ => "Refused.",
    };
}
