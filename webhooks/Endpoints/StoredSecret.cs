namespace Tollgate.Webhooks.Endpoints;

/// <summary>One signing secret of an endpoint (<c>whsec_…</c>).</summary>
/// <param name="Secret">The secret as handed out.</param>
/// <param name="ExpiresAtMs">When a rotated-out secret stops signing (Unix ms); null for the current one.</param>
public sealed record StoredSecret(string Secret, long? ExpiresAtMs);
