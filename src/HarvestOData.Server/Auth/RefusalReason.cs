namespace HarvestOData.Server.Auth;

/// <summary>Why a request was not let in; <see cref="AuthenticationRefusedException"/> turns each into a status and a message.</summary>
public enum RefusalReason
{
    /// <summary>No usable credential in <c>Authorization</c>: 401 with a Basic challenge.</summary>
    NoToken,

    /// <summary>No account configured and no <c>Harvest-Account-Id</c> header: 401.</summary>
    NoAccount,

    /// <summary>Harvest refused the token (<c>users/me</c> answered 401/403/404): 401.</summary>
    Refused,

    /// <summary>A token-like query parameter: 400, whatever else the request carries.</summary>
    TokenInQuery,

    /// <summary>Too many refused tokens from this address (<see cref="FailedAuthentications"/>): 429 with <c>Retry-After</c>.</summary>
    TooManyFailures,

    /// <summary>Harvest could not be asked (down, throttled too long): 503 with <c>Retry-After</c>.</summary>
    Unavailable,

    /// <summary>Authenticated, but the endpoint is for administrators: 403.</summary>
    NotAdministrator,
}
