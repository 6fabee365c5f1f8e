namespace Tollgate.Core.Keys;

/// <summary>A newly issued key: the raw key exists only here, to be shown once and then forgotten.</summary>
/// <param name="RawKey">The secret the consumer sends in <c>X-API-Key</c>.</param>
/// <param name="Record">What was stored.</param>
public sealed record IssuedApiKey(string RawKey, ApiKeyRecord Record);
