using HarvestOData.Harvest.Client;

namespace HarvestOData.Server.Auth;

/// <summary>
/// Request feature set by <see cref="HarvestAuthenticationHandler"/> once Harvest has confirmed the token: who calls,
/// and the credential writes send on to Harvest as that caller. Lives in the request's features only, never in claims
/// (which get logged and serialized), so the token goes nowhere else.
/// </summary>
public sealed record HarvestCaller(Caller Caller, HarvestCredential Credential);
