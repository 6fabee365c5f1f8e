namespace Tollgate.Gateway.Verification;

/// <summary>Body of <c>POST /v1/keys/verify</c>.</summary>
/// <param name="Key">The API key a client presented to the calling service.</param>
/// <param name="Feature">A tier feature the call needs (e.g. <c>historical</c>); checked against the tier and the key's scopes.</param>
/// <param name="Cost">Units the call takes from every window, 1 to <see cref="KeyVerificationEndpoint.MaxCost"/>; default 1.</param>
/// <param name="ClientIp">
/// The address of the client that presented the key. The verifying service is not the key's client, so its own address
/// means nothing to the key's <c>allowed_ips</c>: a key with allowed networks is valid only when this lies within them.
/// </param>
internal sealed record VerifyKeyRequest(string? Key, string? Feature, int? Cost, string? ClientIp);
